/**
 * A record proof: that one record is in a dataset version, as an RFC 9162 inclusion proof (§2.1.3) in the version's
 * record tree, whose root the signed dataset statement holds (`recordRoot`). A contributor makes one from the
 * version's files; anyone checks it against a ledger with nothing else, and it stays short (log2 of the records, 32
 * bytes a step) however large the dataset. Format: docs/format.md, "Record proofs".
 */
import { fromBase64, fromHex, inclusionProof, leafHash, ShouldersError, toBase64, toHex, verifyInclusion } from "@shoulders/ledger";
import { z } from "zod";
import type { AttributionIndex, DatasetVersion } from "../attribution-index.js";
import { ArtifactId, Count, Sha256Hex, Version } from "../predicates/common.js";
import { RECORD_DIGEST_BYTES } from "./record-digests.js";
import type { VersionRecords } from "./version-records.js";

export const RECORD_PROOF_TYPE = "https://shoulders.dev/attribution/record-proof/v1";

// 64 steps prove a tree of 2^64 leaves: more than any version can hold, so a longer path is garbage.
const MAX_PATH = 64;
const MAX_RECORD_BYTES = 16 * 1024 * 1024;

export const RecordProofSchema = z.strictObject({
  type: z.literal(RECORD_PROOF_TYPE),
  dataset: ArtifactId,
  version: Version,
  /** The ledger entry of the dataset version. */
  entry: Count,
  /** The leaf data, base64: the record's bytes as recordDigester reads them, or a whole-file record's SHA-256. */
  record: z.string().max(Math.ceil(MAX_RECORD_BYTES / 3) * 4),
  leafIndex: Count,
  treeSize: Count,
  root: Sha256Hex,
  path: z.array(Sha256Hex).max(MAX_PATH),
});
export type RecordProof = z.infer<typeof RecordProofSchema>;

/**
 * The proof that `record` (leaf data, see RecordProofSchema) is in `version`, whose records `records` are. The records
 * must be the version's own: their root is checked against the signed one first.
 */
export function makeRecordProof(version: DatasetVersion, records: VersionRecords, record: Uint8Array): RecordProof {
  const label = `${version.predicate.id}@${version.predicate.version}`;
  if (version.predicate.recordRoot === undefined)
    throw new ShouldersError("BAD_ARGUMENT", `${label} was recorded before record roots; record a new version to prove its records`);
  if (records.root !== version.predicate.recordRoot) {
    throw new ShouldersError(
      "MANIFEST_MISMATCH",
      `these files are not ${label}: their records' root is ${records.root}, the version's ${version.predicate.recordRoot}`,
    );
  }
  const leaf = leafHash(record);
  const leafIndex = findDigest(records.distinct, leaf);
  if (leafIndex === undefined) throw new ShouldersError("BAD_ARGUMENT", `the record is not one of ${label}'s ${records.count} records`);
  const leaves = Array.from({ length: records.count }, (_, i) =>
    records.distinct.subarray(i * RECORD_DIGEST_BYTES, (i + 1) * RECORD_DIGEST_BYTES),
  );
  return {
    type: RECORD_PROOF_TYPE,
    dataset: version.predicate.id,
    version: version.predicate.version,
    entry: version.index,
    record: toBase64(record),
    leafIndex,
    treeSize: records.count,
    root: records.root,
    path: inclusionProof(leaves, leafIndex, records.count).map(toHex),
  };
}

/**
 * Checks a proof, read from anywhere, against a verified ledger: the version it names is in the ledger at that entry,
 * the root and size are the ones its signed statement holds, and the path leads from the record to that root.
 * Anything else is one PROOF_INVALID line saying what differs.
 */
export function checkRecordProof(index: AttributionIndex, input: unknown): { proof: RecordProof; version: DatasetVersion } {
  const parsed = RecordProofSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ShouldersError(
      "PROOF_INVALID",
      `not a record proof: ${issue?.path.join(".") || "the document"}: ${issue?.message ?? "invalid"}`,
    );
  }
  const proof = parsed.data;
  const version = index.dataset(proof.dataset, proof.version);
  const label = `${proof.dataset}@${proof.version}`;
  const invalid = (why: string) => new ShouldersError("PROOF_INVALID", `the proof does not hold for ${label}: ${why}`);
  if (version.index !== proof.entry) throw invalid(`the ledger records it at entry ${version.index}, not ${proof.entry}`);
  if (version.predicate.recordRoot !== proof.root)
    throw invalid(`its signed record root is ${version.predicate.recordRoot ?? "absent"}, not ${proof.root}`);
  if (version.predicate.records !== proof.treeSize) throw invalid(`it holds ${version.predicate.records} records, not ${proof.treeSize}`);
  const record = fromBase64(proof.record, "record", "PROOF_INVALID");
  if (
    !verifyInclusion(
      leafHash(record),
      proof.leafIndex,
      proof.treeSize,
      proof.path.map((step) => fromHex(step)),
      fromHex(proof.root),
    )
  ) {
    throw invalid(`the path from the record at leaf ${proof.leafIndex} does not lead to the root`);
  }
  return { proof, version };
}

/** Binary search over sorted packed digests. */
function findDigest(sorted: Uint8Array, digest: Uint8Array): number | undefined {
  const bytes = Buffer.from(sorted.buffer, sorted.byteOffset, sorted.length);
  let low = 0;
  let high = sorted.length / RECORD_DIGEST_BYTES;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = bytes.compare(digest, 0, RECORD_DIGEST_BYTES, middle * RECORD_DIGEST_BYTES, (middle + 1) * RECORD_DIGEST_BYTES);
    if (order === 0) return middle;
    if (order < 0) low = middle + 1;
    else high = middle;
  }
  return undefined;
}
