import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { ShouldersError } from "@shoulders/ledger";

/** Whether a file's records are counted by lines, so counting them needs its content. */
export function isLineRecordFile(path: string): boolean {
  const lower = path.toLowerCase();
  return lower.endsWith(".jsonl") || lower.endsWith(".csv");
}

/**
 * The one record counter, fed a file's bytes in chunks of any size (read from disk, or downloaded from the Hub): its
 * non-empty lines for .jsonl, the same less the header for .csv, and 1 for any other file (an image, an audio clip, a
 * document). A line holding only spaces, tabs and a CR is empty, so padding a file with blank lines adds no records.
 */
export function recordCounter(path: string): { add(chunk: Uint8Array): void; total(): number } {
  const lines = isLineRecordFile(path);
  const csv = path.toLowerCase().endsWith(".csv");
  let count = 0;
  let lineHasContent = false;
  return {
    add(chunk) {
      if (!lines) return;
      for (const byte of chunk) {
        if (byte === 0x0a) {
          if (lineHasContent) count++;
          lineHasContent = false;
        } else if (byte !== 0x0d && byte !== 0x20 && byte !== 0x09) {
          lineHasContent = true;
        }
      }
    },
    total() {
      if (!lines) return 1;
      const all = lineHasContent ? count + 1 : count;
      return csv ? Math.max(all - 1, 0) : all;
    },
  };
}

/** The records of a file on disk, as recordCounter counts them, read in bounded chunks whatever the file size. */
export function countRecords(absolutePath: string, relativePath: string): number {
  const counter = recordCounter(relativePath);
  if (!isLineRecordFile(relativePath)) return counter.total();
  const fd = openRegularFile(absolutePath, relativePath);
  const buffer = Buffer.allocUnsafe(1 << 20);
  try {
    for (let read = readSync(fd, buffer, 0, buffer.length, null); read > 0; read = readSync(fd, buffer, 0, buffer.length, null)) {
      counter.add(buffer.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
  return counter.total();
}

/**
 * Opens without blocking and insists on a regular file: the folder was listed before it is counted, and a FIFO put in
 * a file's place since would block a plain open forever.
 */
function openRegularFile(path: string, relativePath: string): number {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (cause) {
    throw new ShouldersError("UNREADABLE_FILE", `cannot read ${relativePath}: ${(cause as NodeJS.ErrnoException).code ?? "error"}`, {
      cause,
    });
  }
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw new ShouldersError("UNREADABLE_FILE", `cannot read ${relativePath}: it is no longer a regular file`);
  }
  return fd;
}
