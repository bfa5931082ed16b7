import { closeSync, constants, readdirSync, readSync } from "node:fs";
import { MAX_LINE_BYTES } from "../dsse/envelope.js";
import { ShouldersError } from "../errors.js";
import { type Layout, SEGMENT_FILE, SEGMENT_SIZE, segmentName, segmentPath } from "./layout.js";
import { openRegularFile } from "./read-bounded-file.js";

export type LogEvent =
  /** A complete line, without its `\n`. */
  | { kind: "line"; index: number; bytes: Buffer }
  /** A line longer than the 1 MiB limit: its bytes are not kept, so a hostile 30 MB line costs no memory. */
  | { kind: "oversize"; index: number }
  /** Bytes after the last `\n` of the log: an append that a killed writer never finished. */
  | { kind: "partial"; index: number; bytes: Buffer };

const CHUNK_BYTES = 4 << 20;

/** Lists the segment numbers, refusing gaps and foreign files, so that entry i is always where docs/format.md puts it. */
export function listSegments(layout: Layout): number[] {
  let names: string[];
  try {
    names = readdirSync(layout.logDir);
  } catch (cause) {
    throw new ShouldersError("SEGMENT_INVALID", `cannot read ${layout.logDir}: ${(cause as Error).message}`, { cause });
  }
  const segments: number[] = [];
  for (const name of names) {
    const match = SEGMENT_FILE.exec(name);
    if (match === null)
      throw new ShouldersError("SEGMENT_INVALID", `unexpected file log/${name}: the log holds only NNNNNN.jsonl segments`);
    segments.push(Number(match[1]));
  }
  segments.sort((a, b) => a - b);
  segments.forEach((segment, position) => {
    if (segment !== position)
      throw new ShouldersError("SEGMENT_INVALID", `log segment ${String(position).padStart(6, "0")}.jsonl is missing`);
  });
  return segments;
}

/**
 * Reads the log in order, in bounded chunks, starting at segment `fromSegment`. Every segment but the last must hold
 * exactly 16,384 complete lines.
 */
export function* readLog(layout: Layout, fromSegment = 0, options: { within?: string } = {}): Generator<LogEvent> {
  const segments = listSegments(layout);
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  for (const segment of segments.slice(fromSegment)) {
    const isLast = segment === segments.length - 1;
    let index = segment * SEGMENT_SIZE;
    const end = index + SEGMENT_SIZE;
    for (const piece of readPieces(segmentPath(layout, segment), `log/${segmentName(segment)}`, buffer, options.within)) {
      if (index >= end) {
        throw new ShouldersError("SEGMENT_INVALID", `log/${String(segment).padStart(6, "0")}.jsonl holds more than ${SEGMENT_SIZE} lines`, {
          index,
        });
      }
      if (piece.kind === "partial" && !isLast) {
        throw new ShouldersError("SEGMENT_INVALID", `log/${String(segment).padStart(6, "0")}.jsonl does not end with a newline`, { index });
      }
      yield { ...piece, index } as LogEvent;
      index++;
    }
    if (!isLast && index !== end) {
      throw new ShouldersError(
        "SEGMENT_INVALID",
        `log/${String(segment).padStart(6, "0")}.jsonl holds ${index - segment * SEGMENT_SIZE} lines; every segment but the last holds ${SEGMENT_SIZE}`,
        { index },
      );
    }
  }
}

type Piece = { kind: "line"; bytes: Buffer } | { kind: "oversize" } | { kind: "partial"; bytes: Buffer };

function* readPieces(path: string, what: string, buffer: Buffer, within: string | undefined): Generator<Piece> {
  // A segment committed as a symlink to /dev/zero would be read forever, and one to a file elsewhere would be
  // verified, and appended to, in place of the log.
  const fd = openRegularFile(path, constants.O_RDONLY, what, within === undefined ? {} : { within });
  try {
    let carry: Buffer[] = [];
    let carryBytes = 0;
    let oversize = false;
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      let start = 0;
      for (let newline = buffer.indexOf(10, start); newline !== -1 && newline < read; newline = buffer.indexOf(10, start)) {
        const length = carryBytes + newline - start;
        if (oversize || length > MAX_LINE_BYTES) yield { kind: "oversize" };
        else yield { kind: "line", bytes: Buffer.concat([...carry, buffer.subarray(start, newline)]) };
        carry = [];
        carryBytes = 0;
        oversize = false;
        start = newline + 1;
      }
      if (start < read) {
        carryBytes += read - start;
        if (carryBytes > MAX_LINE_BYTES) {
          oversize = true;
          carry = [];
        } else {
          carry.push(Buffer.from(buffer.subarray(start, read)));
        }
      }
    }
    if (oversize) yield { kind: "oversize" };
    else if (carryBytes > 0) yield { kind: "partial", bytes: Buffer.concat(carry) };
  } finally {
    closeSync(fd);
  }
}
