import { toHex } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { leafHash } from "../merkle/hash.js";
import { applyEntry, replayRegistry } from "../trust/replay-registry.js";
import type { Trust } from "../trust/trust-file.js";
import { extendHead, type Head } from "./head.js";
import type { Layout } from "./layout.js";
import { readTail, truncateTo } from "./segments.js";
import { discardTxn, readTxn, type Txn } from "./txn.js";

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
  return txn === undefined ? recoverWithoutTxn(layout, trust, head) : recoverTxn(layout, head, txn);
}

/** A write-ahead record survived: the append either finishes (every line is on disk) or rolls back. */
function recoverTxn(layout: Layout, head: Head, txn: Txn): Recovery {
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

/** No record: a half-written line is cut; complete lines past the checkpoint are kept only if they verify. */
function recoverWithoutTxn(layout: Layout, trust: Trust, head: Head): Recovery {
  const tail = readTail(layout, head);
  if (tail.partial) truncateTo(layout, extendHead(head, tail.lines));
  if (tail.lines.length === 0) return {};
  // Complete lines beyond the checkpoint, written by some other interrupted writer: cover them only if they verify.
  const registry = replayRegistry(layout, trust, head.frontier.size);
  tail.lines.forEach((line, position) => {
    const index = head.frontier.size + position;
    try {
      applyEntry(registry, line, index, "verify");
    } catch (error) {
      throw new ShouldersError(
        "UNCOMMITTED_TAIL",
        `the log has entries beyond its checkpoint, and entry ${index} does not verify (${(error as ShouldersError).code}); restore .attribution/ from git`,
        { cause: error, index },
      );
    }
  });
  return { commit: extendHead(head, tail.lines) };
}
