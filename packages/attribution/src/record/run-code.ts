import { ShouldersError } from "@shoulders/ledger";
import { gitTopLevel, headCommit, remoteUrlOf, runGit } from "../git/index.js";

export type RunCode = { repository: string; sha: string };

/**
 * The training code of a run: the commit `rev` names, else HEAD, of the git repository the ledger lives in, and the
 * repository by its remote (a local path never goes into the ledger: `origin` names it then). Nothing outside a
 * repository, or before its first commit, unless a `code` revision was asked for, which must then exist.
 */
export function runCode(input: { dir: string; rev?: string; origin: string }): RunCode | undefined {
  const repoDir = gitTopLevel(input.dir);
  if (repoDir === undefined) {
    if (input.rev !== undefined) {
      throw new ShouldersError("NOT_A_GIT_REPOSITORY", `\`code\` ${input.rev}: ${input.dir} is not inside a git repository`);
    }
    return undefined;
  }
  const sha =
    input.rev === undefined
      ? headCommit(repoDir)
      : runGit(repoDir, ["rev-parse", "--verify", "--end-of-options", `${input.rev}^{commit}`]).trim();
  if (sha === undefined) return undefined;
  return { repository: remoteUrlOf(repoDir) ?? input.origin, sha };
}
