import { closeSync, constants, fsyncSync, ftruncateSync, readSync, statSync, unlinkSync, writeSync } from "node:fs";
import { ShouldersError } from "../errors.js";
import { fsyncDirectory } from "./atomic-write.js";
import { type Head, headSegment } from "./head.js";
import { type Layout, SEGMENT_SIZE, segmentName, segmentPath } from "./layout.js";
import { openRegularFile } from "./read-bounded-file.js";
import { listSegments, readLog } from "./read-log.js";

const NEWLINE = Buffer.from("\n");

type Batch = { segment: number; continues: boolean; bytes: Buffer };

/**
 * Lines starting at log index `firstIndex`, grouped by the segment they go to, each with its newlines. `continues`
 * marks the first group when it extends a segment that already holds committed entries.
 */
function segmentBatches(firstIndex: number, lines: readonly Buffer[]): Batch[] {
  const batches: Batch[] = [];
  for (let index = firstIndex, position = 0; position < lines.length; ) {
    const room = SEGMENT_SIZE - (index % SEGMENT_SIZE);
    const batch = lines.slice(position, position + room);
    batches.push({
      segment: Math.floor(index / SEGMENT_SIZE),
      continues: index === firstIndex && index % SEGMENT_SIZE !== 0,
      bytes: Buffer.concat(batch.flatMap((line) => [line, NEWLINE])),
    });
    index += batch.length;
    position += batch.length;
  }
  return batches;
}

/** Writes `lines` after `head` and flushes them, each segment and then the log folder. */
export function writeLines(layout: Layout, head: Head, lines: readonly Buffer[]): void {
  const firstIndex = head.frontier.size;
  for (const { segment, continues, bytes } of segmentBatches(firstIndex, lines)) {
    // Never through a symlink: a segment committed as a link would make us append to a file outside the ledger.
    const fd = openRegularFile(
      segmentPath(layout, segment),
      constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT,
      `log/${segmentName(segment)}`,
      {
        mode: 0o644,
      },
    );
    try {
      // Append at the committed length, not at the end of the file: a killed writer's debris was truncated away.
      if (segment === Math.floor(firstIndex / SEGMENT_SIZE)) ftruncateSync(fd, continues ? head.segmentBytes : 0);
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  fsyncDirectory(layout.logDir);
}

/** Each segment that `writeLines(layout, head, lines)` would write, by file name, as it will read afterwards. */
export function plannedSegments(layout: Layout, head: Head, lines: readonly Buffer[]): { name: string; bytes: Buffer }[] {
  return segmentBatches(head.frontier.size, lines).map(({ segment, continues, bytes }) => {
    // Only the committed bytes count: the recovery in open() already cut any debris past them.
    const before = continues ? readPrefix(segmentPath(layout, segment), head.segmentBytes) : Buffer.alloc(0);
    return { name: segmentName(segment), bytes: Buffer.concat([before, bytes]) };
  });
}

/** Reads the complete lines after the head, and says whether an unfinished line follows them. */
export function readTail(layout: Layout, head: Head): { lines: Buffer[]; partial: boolean } {
  const lines: Buffer[] = [];
  let partial = false;
  const size = head.frontier.size;
  const last = headSegment(size);
  const segments = listSegments(layout);
  if (segments.length === 0) return { lines, partial };
  if (segments.length === last + 1 && statSync(segmentPath(layout, last)).size === head.segmentBytes) return { lines, partial };
  for (const event of readLog(layout, last)) {
    if (event.index < size) continue;
    if (event.kind === "line") lines.push(event.bytes);
    else if (event.kind === "partial") partial = true;
    else
      throw new ShouldersError(
        "UNCOMMITTED_TAIL",
        `entry ${event.index} beyond the checkpoint is over 1 MiB; restore .attribution/ from git`,
        { index: event.index },
      );
  }
  return { lines, partial };
}

/** Cuts the log back to exactly `head`: a rollback, or the removal of a half-written line. */
export function truncateTo(layout: Layout, head: Head): void {
  const last = headSegment(head.frontier.size);
  for (const segment of listSegments(layout)) {
    if (segment > last) unlinkSync(segmentPath(layout, segment));
  }
  const fd = openRegularFile(segmentPath(layout, last), constants.O_RDWR, `log/${segmentName(last)}`);
  try {
    ftruncateSync(fd, head.segmentBytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The first `length` bytes of a file: a segment's committed part. */
function readPrefix(path: string, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  if (length === 0) return buffer;
  const fd = openRegularFile(path, constants.O_RDONLY, path);
  try {
    let done = 0;
    while (done < length) {
      const read = readSync(fd, buffer, done, length - done, done);
      if (read === 0) throw new ShouldersError("SEGMENT_INVALID", `${path} is shorter than its committed length`);
      done += read;
    }
  } finally {
    closeSync(fd);
  }
  return buffer;
}
