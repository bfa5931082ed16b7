import { mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import * as core from "@actions/core";
import { buildLineage, gitTopLevel, lineageMermaid } from "@shoulders/attribution";
import {
  ensureFullHistory,
  failureMessage,
  fetchRef,
  LINEAGE_MARKER,
  type LineageGraph,
  loginsFromPullRequest,
  md,
  mergeChanges,
  mergeReview,
  type PullRequestEvent,
  parsePullRequestPayload,
  previewMerge,
  type RepoRef,
  renderLineageComment,
  resolveCommit,
  type StickyCommentClient,
  upsertStickyComment,
} from "@shoulders/github";
import { ShouldersError } from "@shoulders/ledger";
import type { LineageCommentInputs } from "./inputs.js";

export type LineageCommentRuntime = {
  eventName: string;
  payload: unknown;
  repo: RepoRef;
  workspace: string;
  tempDir: string;
  octokit: StickyCommentClient;
};

const MAX_GRAPHS = 3;

/**
 * Previews what merging the pull request changes in the lineage and upserts one sticky comment; when the token may
 * not comment (a fork's pull request), the report goes to the job summary with the reason. Ends in core.setFailed.
 */
export async function run(inputs: LineageCommentInputs, runtime: LineageCommentRuntime): Promise<void> {
  let workDir: string | undefined;
  try {
    if (runtime.eventName !== "pull_request" && runtime.eventName !== "pull_request_target") {
      throw new ShouldersError(
        "BAD_ARGUMENT",
        `lineage-comment runs on pull_request or pull_request_target, not ${runtime.eventName || "this event"}`,
      );
    }
    const pull = parsePullRequestPayload(runtime.payload);
    const ledgerDir = resolve(runtime.workspace, inputs.path);
    const repoDir = gitTopLevel(resolve(runtime.workspace));
    if (repoDir === undefined)
      throw new ShouldersError("NOT_A_GIT_REPOSITORY", "the workspace is not a git checkout; run actions/checkout first");
    const { base, head } = fetchCommits(repoDir, pull);

    workDir = mkdtempSync(join(runtime.tempDir, "shoulders-lineage-"));
    const logins = await loginsFromPullRequest({ octokit: runtime.octokit, ...runtime.repo, pullNumber: pull.number });
    const preview = await previewMerge({ repoDir, ledgerDir, base, head, workDir, logins });
    const graphs: LineageGraph[] = [];
    for (const artifact of preview.changed.slice(0, MAX_GRAPHS)) {
      if (preview.after.index === undefined) break;
      graphs.push({
        title: `Lineage of ${artifact.replace(/^\w+:/, "")} after the merge`,
        mermaid: lineageMermaid(buildLineage(preview.after.index, artifact)),
      });
    }
    const { statements, rejected } = preview.recorded;
    const review = mergeReview({ before: preview.before, after: preview.after, statements, rejected });
    const body = renderLineageComment(preview.before.snapshot, preview.after.snapshot, { graphs, notes: preview.notes, review });
    core.setOutput("changed", String(mergeChanges(preview.before.snapshot, preview.after.snapshot, review)));

    let reason: string | undefined;
    if (inputs.comment) {
      const outcome = await upsertStickyComment({
        octokit: runtime.octokit,
        ...runtime.repo,
        issueNumber: pull.number,
        marker: LINEAGE_MARKER,
        body,
      });
      if (outcome.kind === "forbidden") {
        reason = pull.fromFork
          ? `Did not comment: this pull request comes from the fork ${pull.head.repo ?? "(deleted)"}, and GitHub gives workflows on fork pull requests a read-only token. The report is in this job summary. To comment on fork pull requests, run this action on pull_request_target (see examples/workflows/shoulders-lineage.yml). (${outcome.message})`
          : `Did not comment: ${outcome.message}`;
        core.notice(reason, { title: "Shoulders lineage comment" });
      } else {
        core.setOutput("comment-url", outcome.url);
        core.info(`Comment ${outcome.kind}: ${outcome.url}`);
      }
    } else {
      reason = "Commenting is off (comment: false); the report is in this job summary.";
    }
    // The reason names the fork, text from the pull request, so it is escaped like the report.
    if (process.env.GITHUB_STEP_SUMMARY)
      await core.summary.addRaw(reason === undefined ? body : `> ${md(reason, 2000)}\n\n${body}`).write();
  } catch (error) {
    core.setFailed(failureMessage(error));
  } finally {
    if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * Fetches the base branch and the pull request's head as objects only (refs/pull/N/head exists in the base
 * repository even for forks). Nothing is checked out: on pull_request_target the work tree stays the base's.
 */
function fetchCommits(repoDir: string, pull: PullRequestEvent): { base: string; head: string } {
  ensureFullHistory(repoDir);
  const baseRef = `refs/remotes/shoulders/base/${pull.base.ref}`;
  const headRef = `refs/remotes/shoulders/pull/${pull.number}/head`;
  const base =
    (fetchRef(repoDir, `refs/heads/${pull.base.ref}`, baseRef) ? resolveCommit(repoDir, baseRef) : undefined) ??
    resolveCommit(repoDir, pull.base.sha);
  // The event's head sha is what this run is about; a newer push has its own run.
  const head =
    resolveCommit(repoDir, pull.head.sha) ??
    (fetchRef(repoDir, `refs/pull/${pull.number}/head`, headRef)
      ? (resolveCommit(repoDir, pull.head.sha) ?? resolveCommit(repoDir, headRef))
      : undefined);
  if (base === undefined) throw new ShouldersError("GIT_ERROR", `cannot fetch the base branch ${pull.base.ref}`);
  if (head === undefined)
    throw new ShouldersError(
      "GIT_ERROR",
      `cannot fetch the pull request's head ${pull.head.sha.slice(0, 12)} (refs/pull/${pull.number}/head)`,
    );
  return { base, head };
}
