import { closeSync, openSync, readSync } from "node:fs";
import { ShouldersError } from "@shoulders/ledger";

const LINE_FORMATS = [".jsonl", ".csv"];

/**
 * The records a file holds: its non-empty lines for .jsonl, the same less the header for .csv, and 1 for any other
 * file (an image, an audio clip, a document). Counted in bounded chunks, whatever the file size.
 */
export function countRecords(absolutePath: string, relativePath: string): number {
  const lower = relativePath.toLowerCase();
  if (!LINE_FORMATS.some((extension) => lower.endsWith(extension))) return 1;
  const lines = countNonEmptyLines(absolutePath, relativePath);
  return lower.endsWith(".csv") ? Math.max(lines - 1, 0) : lines;
}

function countNonEmptyLines(path: string, relativePath: string): number {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (cause) {
    throw new ShouldersError("UNREADABLE_FILE", `cannot read ${relativePath}: ${(cause as NodeJS.ErrnoException).code ?? "error"}`, {
      cause,
    });
  }
  const buffer = Buffer.allocUnsafe(1 << 20);
  let lines = 0;
  let lineHasContent = false;
  try {
    for (let read = readSync(fd, buffer, 0, buffer.length, null); read > 0; read = readSync(fd, buffer, 0, buffer.length, null)) {
      for (let i = 0; i < read; i++) {
        const byte = buffer[i];
        if (byte === 0x0a) {
          if (lineHasContent) lines++;
          lineHasContent = false;
        } else if (byte !== 0x0d && byte !== 0x20 && byte !== 0x09) {
          lineHasContent = true;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return lineHasContent ? lines + 1 : lines;
}
