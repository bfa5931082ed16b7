import { existsSync, unlinkSync } from "node:fs";
import { basename, dirname } from "node:path";
import { z } from "zod";
import { fromBase64, toBase64, toHex, utf8 } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { verifyEd25519 } from "../keys/verify-signature.js";
import { leafHash } from "../merkle/hash.js";
import type { Signer } from "../signer.js";
import type { Trust } from "../trust/trust-file.js";
import { writeFileAtomic } from "./atomic-write.js";
import type { Head } from "./head.js";
import type { Layout } from "./layout.js";
import { readBoundedFile } from "./read-bounded-file.js";

/** The write-ahead record of an append in progress: enough to finish it or undo it after a crash. */
const TxnSchema = z.object({
  version: z.literal(1),
  baseSize: z.number().int().min(0),
  baseSegmentBytes: z.number().int().min(0),
  leafHashes: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
  removeAfterCommit: z.array(z.string()),
  /** The log key's Ed25519 signature over the record (see txnMessage): the writer's proof that it wrote these lines. */
  signature: z.string(),
});
export type Txn = z.infer<typeof TxnSchema>;

/** A write-ahead record names one leaf hash (67 bytes of JSON) per appended line: 100,000 commits take 7 MB. */
const MAX_TXN_BYTES = 256 << 20;

/**
 * Writes the record of appending `lines` after `head`, before any line reaches the log, signed by the log key. A
 * writer that finds lines past the checkpoint covers them only under such a record: lines anyone else put there (a
 * pull request that appends raw lines, a planted record) are never signed into a checkpoint.
 */
export async function beginTxn(
  layout: Layout,
  origin: string,
  signer: Signer,
  head: Head,
  lines: readonly Uint8Array[],
  removeAfterCommit: readonly string[],
): Promise<Txn> {
  const unsigned = {
    version: 1 as const,
    baseSize: head.frontier.size,
    baseSegmentBytes: head.segmentBytes,
    leafHashes: lines.map((line) => toHex(leafHash(line))),
    removeAfterCommit: [...removeAfterCommit],
  };
  const txn: Txn = { ...unsigned, signature: toBase64(await signer.sign(txnMessage(origin, unsigned))) };
  writeFileAtomic(layout.txn, JSON.stringify(txn));
  return txn;
}

/** Whether a log key of `trust` (current or retired: a rotation may follow a crash) signed this record. */
export function isSignedTxn(txn: Txn, trust: Trust): boolean {
  const message = txnMessage(trust.origin, txn);
  const keys = [...trust.verifierKeys, ...(trust.retiredKeys ?? []).map((retired) => retired.key)];
  try {
    const signature = fromBase64(txn.signature, "signature", "UNCOMMITTED_TAIL");
    return keys.some((key) => verifyEd25519(key.publicKey, message, signature));
  } catch {
    return false;
  }
}

/** What the record's signature covers: a fixed prefix (so it is never mistaken for a statement or a note) and its fields. */
function txnMessage(origin: string, txn: Omit<Txn, "signature">): Uint8Array {
  const { version, baseSize, baseSegmentBytes, leafHashes, removeAfterCommit } = txn;
  return utf8(
    `shoulders write-ahead record v1\n${JSON.stringify({ origin, version, baseSize, baseSegmentBytes, leafHashes, removeAfterCommit })}`,
  );
}

export function readTxn(layout: Layout): Txn | undefined {
  if (!existsSync(layout.txn)) return undefined;
  try {
    const bytes = readBoundedFile(layout.txn, {
      maxBytes: MAX_TXN_BYTES,
      what: ".attribution/.state/txn.json",
      tooLarge: "UNCOMMITTED_TAIL",
    });
    return TxnSchema.parse(JSON.parse(bytes.toString("utf8")));
  } catch (cause) {
    throw new ShouldersError("UNCOMMITTED_TAIL", `${layout.txn} is unreadable; remove it and run the command again`, { cause });
  }
}

/** After the checkpoint is on disk: removes the integrated pending files, then the record. */
export function finishTxn(layout: Layout, txn: Txn): void {
  // The record is a file on disk, so it may have been planted (git add -f): delete only integrated pending files,
  // never an arbitrary path it names.
  for (const path of txn.removeAfterCommit) if (isPendingFile(layout, path)) unlinkQuietly(path);
  unlinkQuietly(layout.txn);
}

/** After a rollback: the record goes, and the pending files stay to be integrated again. */
export function discardTxn(layout: Layout): void {
  unlinkQuietly(layout.txn);
}

function isPendingFile(layout: Layout, path: string): boolean {
  return dirname(path) === layout.pendingDir && /^[0-9a-f]{64}\.json$/.test(basename(path));
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already removed.
  }
}
