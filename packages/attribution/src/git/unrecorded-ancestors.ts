import { ShouldersError } from "@shoulders/ledger";
import { runGit, streamGit } from "./run-git.js";

/**
 * The commits reachable from `revision` (itself included) that `recorded` does not hold, parents first. Recording all
 * of them keeps the ledger's ancestry whole: a commit the ledger skipped (the record action's own ledger commit, a
 * push it never saw) would otherwise end every walk from its children, and cut off the authors before it
 * (docs/revenue-split.md, "Code credit and co-authors"). Only ids are listed here, which is cheap for any history;
 * readCommits then reads what is missing.
 */
export async function unrecordedAncestors(repoDir: string, revision: string, recorded: ReadonlySet<string>): Promise<string[]> {
  // A shallow clone shows its oldest commits without their parents: recorded, that false ancestry would be signed.
  if (runGit(repoDir, ["rev-parse", "--is-shallow-repository"]).trim() === "true") {
    throw new ShouldersError(
      "GIT_ERROR",
      "the clone is shallow, so its oldest commits would be recorded without their parents; fetch the whole history first (git fetch --unshallow, or actions/checkout with fetch-depth: 0)",
    );
  }
  const missing: string[] = [];
  for await (const sha of streamGit(repoDir, ["rev-list", "--topo-order", "--reverse", "--end-of-options", revision, "--"])) {
    if (sha !== "" && !recorded.has(sha)) missing.push(sha);
  }
  return missing;
}
