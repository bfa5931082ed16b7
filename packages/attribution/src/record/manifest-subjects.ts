import { MAX_SUBJECTS, type Statement } from "@shoulders/ledger";

type HashedFile = { path: string; sha256: string };

/**
 * Budget for the per-file subjects. A statement must fit in one 1 MiB log line after base64 (about 786 KB of JSON),
 * and the predicate needs room too: each file subject costs about 100 bytes plus its path.
 */
const SUBJECT_BYTES_BUDGET = 600_000;

/**
 * The subjects of a set of files (docs/format.md, "Files and manifests"): the manifest first, then each file when there are
 * at most 10,000 and they fit in a log line. Otherwise the manifest alone stands for them: it still fixes every
 * file's digest, and `shoulders hash` prints it.
 */
export function manifestSubjects(
  manifestDigest: string,
  files: readonly HashedFile[],
): { subjects: Statement["subject"]; filesListed: boolean } {
  const manifest = { name: "manifest", digest: { sha256: manifestDigest } };
  const bytes = files.reduce((total, file) => total + Buffer.byteLength(file.path) + 100, 0);
  if (files.length + 1 > MAX_SUBJECTS || bytes > SUBJECT_BYTES_BUDGET) return { subjects: [manifest], filesListed: false };
  return { subjects: [manifest, ...files.map((file) => ({ name: file.path, digest: { sha256: file.sha256 } }))], filesListed: true };
}
