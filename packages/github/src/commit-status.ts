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

export type CommitStatusOutcome = { kind: "set" } | { kind: "forbidden"; permission: "statuses: write"; message: string };

// GitHub refuses a description over 140 characters with a 422; cut it rather than lose the status.
const MAX_DESCRIPTION = 140;

/** Sets a commit status. A token without `statuses: write` is an outcome the caller reports, not a failure. */
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
    if (!isPermissionError(error)) throw error;
    return {
      kind: "forbidden",
      permission: "statuses: write",
      message: permissionMessage("statuses: write", "Setting the commit status", error),
    };
  }
}
