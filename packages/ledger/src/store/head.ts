import { equalBytes } from "../bytes.js";
import type { Checkpoint } from "../checkpoint/checkpoint.js";
import { ShouldersError } from "../errors.js";
import { appendLeaf, emptyFrontier, type Frontier, frontierRoot } from "../merkle/frontier.js";
import { leafHash } from "../merkle/hash.js";
import { type Layout, SEGMENT_SIZE } from "./layout.js";
import { readLog } from "./read-log.js";

/** Where the committed log ends: the Merkle frontier of its entries and the byte length of its last segment. */
export type Head = { frontier: Frontier; segmentBytes: number };

/** The head after appending `lines` (each without its newline). */
export function extendHead(head: Head, lines: readonly Uint8Array[]): Head {
  let frontier = head.frontier;
  let segmentBytes = head.segmentBytes;
  for (const line of lines) {
    if (frontier.size % SEGMENT_SIZE === 0 && frontier.size > 0) segmentBytes = 0;
    frontier = appendLeaf(frontier, leafHash(line));
    segmentBytes += line.length + 1;
  }
  return { frontier, segmentBytes };
}

/** The segment that holds the last committed entry (segment 0 for an empty log). */
export function headSegment(size: number): number {
  return size > 0 && size % SEGMENT_SIZE === 0 ? size / SEGMENT_SIZE - 1 : Math.floor(size / SEGMENT_SIZE);
}

/** Reads the whole log once to find the head the checkpoint commits to: the slow path when the cache is missing. */
export function rebuildHead(layout: Layout, checkpoint: Checkpoint): Head {
  let frontier = emptyFrontier();
  let segmentBytes = 0;
  for (const event of readLog(layout)) {
    if (event.index >= checkpoint.size) break;
    if (event.kind !== "line") {
      throw new ShouldersError("MALFORMED_ENTRY", `entry ${event.index} is not a complete line of at most 1 MiB`, { index: event.index });
    }
    if (event.index % SEGMENT_SIZE === 0) segmentBytes = 0;
    frontier = appendLeaf(frontier, leafHash(event.bytes));
    segmentBytes += event.bytes.length + 1;
  }
  if (frontier.size !== checkpoint.size) {
    throw new ShouldersError("CHECKPOINT_MISMATCH", `the checkpoint covers ${checkpoint.size} entries but the log holds ${frontier.size}`);
  }
  if (!equalBytes(frontierRoot(frontier), checkpoint.rootHash)) {
    throw new ShouldersError(
      "CHECKPOINT_MISMATCH",
      "the log does not match its checkpoint's root hash: it was changed after it was signed",
    );
  }
  return { frontier, segmentBytes };
}
