import { toHex } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { leafHash } from "../merkle/hash.js";
import type { Trust } from "../trust/trust-file.js";
import { extendHead, type Head } from "./head.js";
import type { Layout } from "./layout.js";
import { readTail, truncateTo } from "./segments.js";
import { discardTxn, isSignedTxn, readTxn, type Txn } from "./txn.js";

/**
 * What an interrupted append leaves for the next writer to do, in this order: sign a checkpoint for `commit` (its
 * lines all reached the disk), then finish `txn` (remove its integrated pending files and the record).
 */
export type Recovery = { commit?: Head; txn?: Txn };

/**
 * Looks past the committed head for what a killed writer left, and cuts away what cannot be kept: a rolled-back
 * append's lines, or a half-written last line. Returns what remains to be committed; nothing is signed here.
 */
export function recoverTail(layout: Layout, trust: Trust, head: Head): Recovery {
  const txn = readTxn(layout);
  return txn === undefined ? recoverWithoutTxn(layout, head) : recoverTxn(layout, trust, head, txn);
}

/** A write-ahead record survived: the append either finishes (every line is on disk) or rolls back. */
function recoverTxn(layout: Layout, trust: Trust, head: Head, txn: Txn): Recovery {
  if (!isSignedTxn(txn, trust)) {
    throw new ShouldersError(
      "UNCOMMITTED_TAIL",
      "the write-ahead record (.attribution/.state/txn.json) is not signed by a log key of this ledger, so no writer of it left it; remove it, and restore .attribution/log from git",
    );
  }
  const size = head.frontier.size;
  // The checkpoint was written: only the clean-up after it was interrupted.
  if (size === txn.baseSize + txn.leafHashes.length && txn.leafHashes.length > 0) return { txn };
  if (size !== txn.baseSize || head.segmentBytes !== txn.baseSegmentBytes) {
    throw new ShouldersError("UNCOMMITTED_TAIL", "an interrupted append does not match the checkpoint; restore .attribution/ from git");
  }
  const tail = readTail(layout, head);
  const complete =
    !tail.partial &&
    tail.lines.length === txn.leafHashes.length &&
    tail.lines.every((line, position) => toHex(leafHash(line)) === txn.leafHashes[position]);
  if (complete) return { commit: extendHead(head, tail.lines), txn };
  truncateTo(layout, head);
  discardTxn(layout);
  return {};
}

/**
 * No record: no writer of this ledger was interrupted here. A half-written last line is cut (it is no entry). Complete
 * lines beyond the checkpoint were put there by someone else (a pull request that appends raw lines instead of
 * pending files, a copy of another log), and a writer signs a checkpoint only over lines it wrote itself.
 */
function recoverWithoutTxn(layout: Layout, head: Head): Recovery {
  const tail = readTail(layout, head);
  if (tail.lines.length > 0) {
    throw new ShouldersError(
      "UNCOMMITTED_TAIL",
      `the log has ${tail.lines.length} entries beyond its checkpoint (from entry ${head.frontier.size}) that no interrupted write of this ledger left; nothing was written. Restore .attribution/log from git; a statement to add goes in .attribution/pending/ (shoulders record … with a non-log key)`,
      { index: head.frontier.size },
    );
  }
  if (tail.partial) truncateTo(layout, head);
  return {};
}
