import { ShouldersError } from "@shoulders/ledger";
import type { AttributionIndex } from "../attribution-index.js";
import { gitTopLevel, headCommit, remoteUrlOf, runGit, workTreeOf } from "../git/index.js";
import { type CommitStatements, commitStatements } from "./commits.js";
import { nonCodePaths } from "./non-code-paths.js";

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

export type RunCodeCommitsInput = {
  /** The ledger's folder, inside the repository runCode read. */
  dir: string;
  code: RunCode;
  index: AttributionIndex;
  origin: string;
  /** Hash e-mails; by default, as the ledger's commits already are (privacy mode records no names). */
  hashEmails?: boolean;
};

/**
 * The commits a run's code revision needs in the ledger before the run: itself and every ancestor not yet recorded
 * (the record action's last ledger commit is usually HEAD). Without them the split would find no code author, or
 * stop at the first commit the ledger lacks. A shallow clone cannot show them: that is a GIT_ERROR saying so.
 */
export async function runCodeCommits(input: RunCodeCommitsInput): Promise<CommitStatements> {
  const repoDir = workTreeOf(input.dir);
  const hashEmails = input.hashEmails ?? [...input.index.commits.values()].some((recorded) => recorded.commit.author.name === undefined);
  return commitStatements({
    repoDir,
    upTo: input.code.sha,
    origin: input.origin,
    recorded: new Set(input.index.commits.keys()),
    paths: nonCodePaths(repoDir, input.dir),
    hashEmails,
  });
}
