import type { GitHubClient, RepoRef } from "./client.js";
import { isPermissionError, permissionMessage } from "./permission.js";

export type CommitStatusInput = RepoRef & {
  octokit: GitHubClient;
  sha: string;
  state: "error" | "failure" | "pending" | "success";
  /** The status's name on the commit, e.g. `shoulders/ledger`. */
  context: string;
  description: string;
  targetUrl?: string;
};

export type CommitStatusOutcome =
  | { kind: "set" }
  | { kind: "forbidden"; permission: "statuses: write"; message: string }
  | { kind: "failed"; status: number; message: string };

// GitHub refuses a description over 140 characters with a 422; cut it rather than lose the status.
const MAX_DESCRIPTION = 140;

/**
 * Sets a commit status. The status only shows what the ledger already holds, so any answer but success (a token
 * without `statuses: write`, a 404 for a repository or commit the token cannot see, GitHub down) is an outcome the
 * caller reports as a warning, never a reason to fail a job whose ledger is already pushed.
 */
export async function setCommitStatus(input: CommitStatusInput): Promise<CommitStatusOutcome> {
  const description =
    input.description.length > MAX_DESCRIPTION ? `${input.description.slice(0, MAX_DESCRIPTION - 1)}…` : input.description;
  try {
    await input.octokit.rest.repos.createCommitStatus({
      owner: input.owner,
      repo: input.repo,
      sha: input.sha,
      state: input.state,
      context: input.context,
      description,
      ...(input.targetUrl === undefined ? {} : { target_url: input.targetUrl }),
    });
    return { kind: "set" };
  } catch (error) {
    if (isPermissionError(error)) {
      return {
        kind: "forbidden",
        permission: "statuses: write",
        message: permissionMessage("statuses: write", "Setting the commit status", error),
      };
    }
    // octokit answers every failed request, a network failure included (as a 500), with a RequestError and its status.
    const status = (error as { status?: unknown } | undefined)?.status;
    if (typeof status !== "number") throw error;
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return {
      kind: "failed",
      status,
      message: `Setting the commit status ${input.context} on ${input.sha.slice(0, 12)} failed with HTTP ${status} (${reason}). ${statusHint(status)}`,
    };
  }
}

/** What to check for each answer GitHub gives to POST /repos/{owner}/{repo}/statuses/{sha}. */
function statusHint(status: number): string {
  if (status === 404)
    return "GitHub answers 404 when the token cannot see the repository or lacks `statuses: write`: add `permissions: { statuses: write }` to the job.";
  if (status >= 500) return "GitHub's API failed; re-run the job to set the status.";
  return "Check that the token has `statuses: write` (`permissions: { statuses: write }` in the job).";
}
