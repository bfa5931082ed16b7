import { existsSync, unlinkSync } from "node:fs";
import { basename, dirname } from "node:path";
import { z } from "zod";
import { toHex } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { leafHash } from "../merkle/hash.js";
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
});
export type Txn = z.infer<typeof TxnSchema>;

/** A write-ahead record names one leaf hash (67 bytes of JSON) per appended line: 100,000 commits take 7 MB. */
const MAX_TXN_BYTES = 256 << 20;

/** Writes the record of appending `lines` after `head`, before any line reaches the log. */
export function beginTxn(layout: Layout, head: Head, lines: readonly Uint8Array[], removeAfterCommit: readonly string[]): Txn {
  const txn: Txn = {
    version: 1,
    baseSize: head.frontier.size,
    baseSegmentBytes: head.segmentBytes,
    leafHashes: lines.map((line) => toHex(leafHash(line))),
    removeAfterCommit: [...removeAfterCommit],
  };
  writeFileAtomic(layout.txn, JSON.stringify(txn));
  return txn;
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
