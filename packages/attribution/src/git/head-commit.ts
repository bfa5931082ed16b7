import { isShouldersError } from "@shoulders/ledger";
import { queryGit, runGit } from "./run-git.js";

/** The commit HEAD points at, or undefined in a repository with no commit yet. */
export function headCommit(repoDir: string): string | undefined {
  // --verify --quiet answers "no such commit" with status 1 and no message, unlike `git log` in an empty repository.
  const sha = queryGit(repoDir, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])?.trim();
  return sha === "" ? undefined : sha;
}

/** Whether dir is inside a git repository (a work tree or a bare repository). */
export function isGitRepository(dir: string): boolean {
  return whenInRepository(() => runGit(dir, ["rev-parse", "--git-dir"])) !== undefined;
}

/** The top directory of the work tree dir is in; undefined outside a repository and in a bare one. */
export function gitTopLevel(dir: string): string | undefined {
  return whenInRepository(() => {
    // Asked first because --show-toplevel is fatal in a bare repository, which we must not mistake for a failure.
    if (runGit(dir, ["rev-parse", "--is-inside-work-tree"]).trim() !== "true") return undefined;
    return runGit(dir, ["rev-parse", "--show-toplevel"]).replace(/\n$/, "");
  });
}

function whenInRepository<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (isShouldersError(error) && error.code === "NOT_A_GIT_REPOSITORY") return undefined;
    throw error;
  }
}
