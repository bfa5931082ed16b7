import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { CommitOperation, CommitParams, ContentSource } from "@huggingface/hub";
import { ShouldersError } from "@shoulders/ledger";
import { type AttributedCommitResult, type AttributionOptions, attributedCommit } from "./attributed-commit.js";
import { type HubCredentials, resolveHub } from "./hub-options.js";
import { folderCard, operationsCard, planFolder, planOperations } from "./plan-upload.js";

export type UploadWithAttributionParams = AttributionOptions & {
  /** ORG/NAME of an existing model repository. */
  repo: string;
  credentials?: HubCredentials;
  /** The branch to commit to. Default main. */
  revision?: string;
  /** Open a pull request instead of committing to the branch. */
  pr?: boolean;
  commitTitle?: string;
  commitDescription?: string;
  /** Where the hash cache lives, e.g. `.attribution/.state/hash-cache.json`; none when absent. */
  hashCachePath?: string;
  client?: Pick<CommitParams, "useXet" | "useWebWorkers" | "abortSignal">;
} & ({ folder: string; files?: undefined } | { files: { path: string; content: ContentSource }[]; folder?: undefined });

/**
 * `shoulders hf upload` as a function: uploads a folder (or a list of files), its rendered model card and the ledger
 * with the release signed, in one commit. See `attributedCommit` for the order of things and what is guaranteed.
 */
export async function uploadWithAttribution(params: UploadWithAttributionParams): Promise<AttributedCommitResult> {
  const hub = resolveHub(params.credentials);
  const { folder, files } = params;
  if (folder === undefined && files === undefined) throw new ShouldersError("USAGE", "uploadWithAttribution: pass folder or files");
  const operations: CommitOperation[] | undefined = files?.map((file) => ({
    operation: "addOrUpdate",
    path: file.path,
    content: file.content,
  }));
  const root = folder === undefined ? undefined : resolve(folder);
  return attributedCommit({
    hub,
    repo: params.repo,
    ...(params.revision === undefined ? {} : { branch: params.revision }),
    isPullRequest: params.pr === true,
    ...(params.commitTitle === undefined ? {} : { title: params.commitTitle }),
    ...(params.commitDescription === undefined ? {} : { description: params.commitDescription }),
    localCard: root !== undefined ? folderCard(root) : await operationsCard(operations ?? []),
    plan: (onProgress) =>
      root !== undefined ? planFolder(root, onProgress, params.hashCachePath) : planOperations(operations ?? [], onProgress),
    attribution: params,
    ...(params.client === undefined ? {} : { client: params.client }),
  });
}

/** A folder as file: URLs, for callers that build operations themselves. */
export function folderUrl(folder: string): URL {
  return pathToFileURL(`${resolve(folder)}/`);
}
