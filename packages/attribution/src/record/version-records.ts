import { toHex } from "@shoulders/ledger";
import type { FileEntry } from "../hash/index.js";
import { fileRecordDigest, RECORD_DIGEST_BYTES } from "./record-digests.js";
import { recordTreeRoot, sortedDistinctDigests } from "./record-tree.js";

/** A version's records: each file's, and the distinct ones that the predicate counts and its record root commits to. */
export type VersionRecords = {
  /** Per file, in manifest order: its record digests packed 32 bytes apiece (a file that is one record has one). */
  files: { path: string; digests: Uint8Array; line: boolean }[];
  /** The distinct digests, in byte order: the leaves of the record tree. */
  distinct: Uint8Array;
  count: number;
  /** MTH over `distinct`, hex. */
  root: string;
};

/**
 * The records of a version's files. `recordsOf` gives a line file's digests (recordDigester); a file it gives none for
 * is one record, named by its SHA-256, so an image, an archive or a Hub file that was not downloaded is one record
 * each, and the same file twice is one.
 */
export function versionRecords(files: readonly FileEntry[], recordsOf: (path: string) => Uint8Array | undefined): VersionRecords {
  const perFile = files.map((file) => {
    const lines = recordsOf(file.path);
    return { path: file.path, digests: lines ?? fileRecordDigest(file.sha256), line: lines !== undefined };
  });
  const all = new Uint8Array(perFile.reduce((total, file) => total + file.digests.length, 0));
  let offset = 0;
  for (const file of perFile) {
    all.set(file.digests, offset);
    offset += file.digests.length;
  }
  const distinct = sortedDistinctDigests(all);
  return { files: perFile, distinct, count: distinct.length / RECORD_DIGEST_BYTES, root: toHex(recordTreeRoot(distinct)) };
}

/** Calls `each` once per distinct record of the given files, with the digest as a 32-character latin1 string key. */
export function forEachDistinctRecord(files: readonly VersionRecords["files"][number][], each: (key: string) => void): void {
  const seen = new Set<string>();
  for (const file of files) {
    const bytes = Buffer.from(file.digests.buffer, file.digests.byteOffset, file.digests.length);
    for (let at = 0; at < bytes.length; at += RECORD_DIGEST_BYTES) {
      const key = bytes.toString("latin1", at, at + RECORD_DIGEST_BYTES);
      if (seen.has(key)) continue;
      seen.add(key);
      each(key);
    }
  }
}
