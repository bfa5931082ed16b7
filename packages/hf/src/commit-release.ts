import { type CommitOperation, type CommitOutput, type CommitParams, commit } from "@huggingface/hub";
import { MAX_CHECKPOINT_BYTES, ShouldersError } from "@shoulders/ledger";
import { downloadHubFile } from "./download-hub-file.js";
import { guardCommit } from "./guard-commit.js";
import { hubError, isNetworkError } from "./hub-error.js";
import { type Hub, repoUrl } from "./hub-options.js";
import { resolveRevision } from "./resolve-revision.js";

export type ReleaseCommit = {
  hub: Hub;
  repo: string;
  branch: string;
  /** The branch head the upload read: a commit that landed in between makes the Hub refuse ours. */
  parentCommit: string;
  isPullRequest: boolean;
  title: string;
  description: string;
  operations: CommitOperation[];
  /** Each release file with its signed sha256: the guard lets nothing else through but the card and the ledger. */
  signed: readonly { path: string; sha256: string }[];
  /** The checkpoint the commit carries when it records a new release: what a lost answer is confirmed by. */
  note: string | undefined;
  client: Pick<CommitParams, "useXet" | "useWebWorkers" | "abortSignal" | "maxFolderDepth"> | undefined;
};

/**
 * Sends the one commit, checked by the guard before it leaves. A failure means nothing was recorded, except a network
 * error after the request left: the answer alone may be lost, and when the branch holds our exact checkpoint the
 * release happened, so it is confirmed rather than dropped.
 */
export async function commitRelease(request: ReleaseCommit): Promise<{ output: CommitOutput; confirmedAfterNetworkError: boolean }> {
  const { hub, repo, branch, client } = request;
  const guard = guardCommit(
    hub.fetch ?? fetch,
    `${hub.hubUrl}/api/models/${repo}/commit/`,
    new Map(request.signed.map((file) => [file.path, file.sha256])),
    (path) => path === "README.md" || path.startsWith(".attribution/"),
  );
  let output: CommitOutput | undefined;
  let confirmedAfterNetworkError = false;
  try {
    output = await commit({
      repo: { type: "model", name: repo },
      operations: request.operations,
      title: request.title,
      description: request.description,
      branch,
      isPullRequest: request.isPullRequest,
      parentCommit: request.parentCommit,
      hubUrl: hub.hubUrl,
      accessToken: hub.accessToken as string,
      fetch: guard.fetch,
      useXet: client?.useXet ?? false,
      ...(client?.useWebWorkers === undefined ? {} : { useWebWorkers: client.useWebWorkers }),
      ...(client?.abortSignal === undefined ? {} : { abortSignal: client.abortSignal }),
      ...(client?.maxFolderDepth === undefined ? {} : { maxFolderDepth: client.maxFolderDepth }),
    });
  } catch (error) {
    const failure = hubError(error, hub, `uploading to ${repo}`);
    const { note } = request;
    const ambiguous = note !== undefined && !request.isPullRequest && guard.commitSent && isNetworkError(error);
    if (!ambiguous || !(await holdsCheckpoint(hub, repo, branch, note))) throw nothingRecorded(failure);
    confirmedAfterNetworkError = true;
  }
  return { output: output ?? (await branchHead(hub, repo, branch)), confirmedAfterNetworkError };
}

/** The commit the branch points at now, in the shape of the commit call's answer. */
async function branchHead(hub: Hub, repo: string, branch: string): Promise<CommitOutput> {
  const now = await resolveRevision(hub, "model", repo, branch);
  return { commit: { oid: now.sha, url: `${repoUrl(hub, "model", repo)}/commit/${now.sha}` }, hookOutput: "" };
}

/** Whether the branch now holds exactly our checkpoint: the one way to learn that a commit whose answer was lost landed. */
async function holdsCheckpoint(hub: Hub, repo: string, branch: string, note: string): Promise<boolean> {
  try {
    const bytes = await downloadHubFile(
      hub,
      { kind: "model", name: repo, revision: branch, path: ".attribution/checkpoint" },
      MAX_CHECKPOINT_BYTES,
    );
    return bytes !== null && bytes.toString("utf8") === note;
  } catch {
    return false;
  }
}

function nothingRecorded(failure: ShouldersError): ShouldersError {
  return new ShouldersError(failure.code, `${failure.message}; no release was recorded and the ledger is unchanged`, { cause: failure });
}
