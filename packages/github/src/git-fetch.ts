import { queryGit, runGitUnchecked } from "@shoulders/attribution";
import { ShouldersError } from "@shoulders/ledger";

/**
 * Makes a shallow clone whole: commit ranges, merge bases and dataset histories need every commit. actions/checkout
 * clones one commit unless told `fetch-depth: 0`; returns true when it had to fetch the rest.
 */
export function ensureFullHistory(repoDir: string, remote = "origin"): boolean {
  if (queryGit(repoDir, ["rev-parse", "--is-shallow-repository"])?.trim() !== "true") return false;
  const result = runGitUnchecked(repoDir, ["fetch", "--quiet", "--no-tags", "--unshallow", remote]);
  if (result.status !== 0)
    throw new ShouldersError(
      "GIT_ERROR",
      `the clone is shallow and fetching its history failed (${result.stderr.trim().split("\n")[0]}); check out with fetch-depth: 0`,
    );
  return true;
}

/** Fetches one ref into a local ref we own, forced (the remote side may have been force-pushed); false on failure. */
export function fetchRef(repoDir: string, source: string, destination: string, remote = "origin"): boolean {
  return runGitUnchecked(repoDir, ["fetch", "--quiet", "--no-tags", remote, `+${source}:${destination}`]).status === 0;
}

/** The commit a ref names, or undefined. */
export function resolveCommit(repoDir: string, revision: string): string | undefined {
  return queryGit(repoDir, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${revision}^{commit}`])?.trim() || undefined;
}

export function mergeBase(repoDir: string, a: string, b: string): string | undefined {
  return queryGit(repoDir, ["merge-base", "--end-of-options", a, b])?.trim() || undefined;
}
