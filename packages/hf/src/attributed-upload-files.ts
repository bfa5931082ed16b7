import type { CommitOutput, CommitParams, uploadFiles } from "@huggingface/hub";
import { ShouldersError } from "@shoulders/ledger";
import { type AttributedCommitResult, type AttributionOptions, attributedCommit } from "./attributed-commit.js";
import { resolveHub } from "./hub-options.js";
import { operationsCard, planOperations } from "./plan-upload.js";

export type WithAttribution<P> = P & AttributionOptions;
export type AttributedCommitOutput = CommitOutput & { attribution: AttributedCommitResult };

/**
 * A drop-in for @huggingface/hub's `commit`: the same parameters, plus the ledger's (`ledgerDir`, `signer`, `license`,
 * …). The operations are hashed and signed as a release, and the card and `.attribution/` join the same commit. The
 * operations must be uploads of Blobs or local files (and deletes): an edit or a copy has no bytes to sign before
 * it happens. Model repositories only, since a release is a model's.
 */
export async function commitWithAttribution(params: WithAttribution<CommitParams>): Promise<AttributedCommitOutput> {
  const accessToken = params.accessToken ?? params.credentials?.accessToken;
  const hub = resolveHub({
    ...(params.hubUrl === undefined ? {} : { hubUrl: params.hubUrl }),
    ...(accessToken === undefined ? {} : { accessToken }),
    ...(params.fetch === undefined ? {} : { fetch: params.fetch }),
  });
  const repo = modelRepo(params.repo);
  const result = await attributedCommit({
    hub,
    repo,
    ...(params.branch === undefined ? {} : { branch: params.branch }),
    isPullRequest: params.isPullRequest === true,
    title: params.title,
    ...(params.description === undefined ? {} : { description: params.description }),
    localCard: await operationsCard(params.operations),
    plan: (onProgress) => planOperations(params.operations, onProgress),
    attribution: params,
    client: {
      ...(params.useXet === undefined ? {} : { useXet: params.useXet }),
      ...(params.useWebWorkers === undefined ? {} : { useWebWorkers: params.useWebWorkers }),
      ...(params.abortSignal === undefined ? {} : { abortSignal: params.abortSignal }),
      ...(params.maxFolderDepth === undefined ? {} : { maxFolderDepth: params.maxFolderDepth }),
    },
  });
  return { ...result.commit, attribution: result };
}

type UploadFilesParams = Parameters<typeof uploadFiles>[0];

/** A drop-in for @huggingface/hub's `uploadFiles`, with the same mapping of files to operations. */
export async function uploadFilesWithAttribution(params: WithAttribution<UploadFilesParams>): Promise<AttributedCommitOutput> {
  const operations: CommitParams["operations"] = params.files.map((file) => {
    if (typeof file === "object" && "edits" in file) {
      throw new ShouldersError("BAD_ARGUMENT", "an edit cannot be attributed: its uploaded bytes are not known before the commit");
    }
    // uploadFiles names a URL by its last segment and a File by its name; the same here, so a caller's paths do not move.
    const path = file instanceof URL ? (file.pathname.split("/").at(-1) ?? "file") : "path" in file ? file.path : file.name;
    return { operation: "addOrUpdate", path, content: "content" in file ? file.content : file };
  });
  const { files: _files, commitTitle, commitDescription, ...rest } = params;
  return commitWithAttribution({
    ...rest,
    operations,
    title: commitTitle ?? `Add ${operations.length} files`,
    ...(commitDescription === undefined ? {} : { description: commitDescription }),
  } as WithAttribution<CommitParams>);
}

function modelRepo(repo: CommitParams["repo"]): string {
  if (typeof repo === "string") {
    if (/^(?:datasets|spaces|buckets|kernels)\//.test(repo)) throw notAModel(repo);
    return repo;
  }
  if (repo.type !== "model") throw notAModel(`${repo.type}s/${repo.name}`);
  return repo.name;
}

function notAModel(repo: string): ShouldersError {
  return new ShouldersError("BAD_ARGUMENT", `${repo} is not a model repository: a signed release is a model's`);
}
