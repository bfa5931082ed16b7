import type { Octokit } from "@octokit/rest";
import type { GitHubClient, RepoRef } from "./client.js";
import { isPermissionError, permissionMessage } from "./permission.js";
import { viewerId } from "./viewer-id.js";

/** REST for the comments, GraphQL to learn whose comments they are. */
export type StickyCommentClient = GitHubClient & Pick<Octokit, "graphql">;

export type StickyCommentInput = RepoRef & {
  octokit: StickyCommentClient;
  issueNumber: number;
  /** A hidden HTML comment that marks our comment, e.g. `<!-- shoulders:lineage -->`. */
  marker: string;
  body: string;
};

export type StickyOutcome =
  | { kind: "created" | "updated" | "unchanged"; id: number; url: string }
  | { kind: "forbidden"; permission: "pull-requests: write"; message: string };

/**
 * Keeps ONE comment per pull request: finds the comment that carries `marker` and was written by the token's own
 * account (reading every page, since a busy PR has more than 100 comments) and updates it, or creates it. An
 * identical body is left alone, so re-runs notify nobody. A token that may not comment (a fork's pull request, or a
 * job without `pull-requests: write`) is an outcome, not an exception: the caller reports elsewhere and says why.
 */
export async function upsertStickyComment(input: StickyCommentInput): Promise<StickyOutcome> {
  const { octokit, owner, repo, issueNumber, marker } = input;
  const body = input.body.includes(marker) ? input.body : `${marker}\n${input.body}`;
  try {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: issueNumber,
      per_page: 100,
    });
    // Anyone can paste the marker into a comment, and a token that may comment may also edit other people's
    // comments: updating a pull request author's copy would put our text under their name, and they could then edit
    // what the bot says. So only a comment by the token's own account is ours (by id: logins can be renamed).
    const self = await viewerId(octokit);
    const existing = comments.find((comment) => self !== undefined && comment.user?.id === self && comment.body?.includes(marker) === true);
    if (existing !== undefined) {
      if (existing.body === body) return { kind: "unchanged", id: existing.id, url: existing.html_url };
      const updated = await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
      return { kind: "updated", id: updated.data.id, url: updated.data.html_url };
    }
    const created = await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
    return { kind: "created", id: created.data.id, url: created.data.html_url };
  } catch (error) {
    if (!isPermissionError(error)) throw error;
    return {
      kind: "forbidden",
      permission: "pull-requests: write",
      message: permissionMessage("pull-requests: write", "Commenting on the pull request", error),
    };
  }
}
