import { type FileEntry, recordDigester } from "@shoulders/attribution";
import { ShouldersError } from "@shoulders/ledger";
import { digestHubFile } from "./download-hub-file.js";
import type { Hub, RepoKind } from "./hub-options.js";
import type { HubFile } from "./list-hub-files.js";

export type DigestOptions = {
  kind: RepoKind;
  name: string;
  /** A commit sha: every download reads the same snapshot the listing came from. */
  sha: string;
  /** Also download these LFS files (to count their records); their content must match the LFS oid. */
  downloadLfs?: (path: string) => boolean;
  onProgress?: (done: number, total: number) => void;
};

export type HubDigests = {
  files: FileEntry[];
  /** Record digests of the downloaded .jsonl/.csv files; every other file is one record. */
  records: Map<string, Uint8Array>;
  downloaded: { files: number; bytes: number };
};

/** Downloads run this many at a time: small files are latency-bound, and the Hub rate-limits bursts. */
const CONCURRENCY = 6;

/**
 * The sha256 of every listed file. For an LFS file it is the LFS oid, which the git-lfs spec defines as the SHA-256 of
 * the content, so nothing is downloaded. The listing gives a small file only its git blob id (SHA-1 of a header and
 * the content), so small files are downloaded and hashed.
 */
export async function hubFileDigests(hub: Hub, listed: readonly HubFile[], options: DigestOptions): Promise<HubDigests> {
  const toDownload = listed.filter((file) => file.lfsSha256 === undefined || options.downloadLfs?.(file.path) === true);
  const total = toDownload.reduce((sum, file) => sum + file.size, 0);
  let done = 0;
  const digests = new Map<string, string>();
  const records = new Map<string, Uint8Array>();
  await forEachLimited(toDownload, CONCURRENCY, async (file) => {
    const counter = recordDigester(file.path);
    const sha256 = await digestHubFile(
      hub,
      { kind: options.kind, name: options.name, revision: options.sha, path: file.path },
      file.size,
      (chunk) => counter.add(chunk),
    );
    if (file.lfsSha256 !== undefined && sha256 !== file.lfsSha256) {
      throw new ShouldersError("IO_ERROR", `${file.path} in ${options.name} does not match its LFS oid: the Hub served other content`);
    }
    digests.set(file.path, sha256);
    const lines = counter.finish();
    if (lines !== undefined) records.set(file.path, lines);
    done += file.size;
    options.onProgress?.(done, total);
  });
  const files = listed.map((file) => ({ path: file.path, size: file.size, sha256: digests.get(file.path) ?? (file.lfsSha256 as string) }));
  return { files, records, downloaded: { files: toDownload.length, bytes: total } };
}

/** Runs `task` over `items` with at most `limit` at once; the first failure stops new tasks and is thrown. */
export async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
