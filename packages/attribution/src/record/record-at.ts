import { createHash } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";
import { ShouldersError } from "@shoulders/ledger";
import { isLineRecordFile } from "./record-digests.js";

/**
 * The leaf data of one record, as recordDigester reads it, to prove it (makeRecordProof): line `line` (from 1) of a
 * .jsonl or .csv file less its trailing whitespace, or, for any other file, its SHA-256 (the file is one record).
 * A blank line or a .csv header is no record, and says so.
 */
export function recordAt(absolutePath: string, relativePath: string, line?: number): Uint8Array {
  if (!isLineRecordFile(relativePath)) {
    if (line !== undefined)
      throw new ShouldersError("BAD_ARGUMENT", `\`line\`: ${relativePath} is one record, with no lines to choose from`);
    return fileSha256(absolutePath, relativePath);
  }
  if (line === undefined || !Number.isSafeInteger(line) || line < 1)
    throw new ShouldersError("BAD_ARGUMENT", `\`line\`: name the line of ${relativePath} to prove, from 1`);
  const { text, header } = readLine(absolutePath, relativePath, line);
  const record = recordText(text, `line ${line} of ${relativePath}`);
  if (header) throw new ShouldersError("BAD_ARGUMENT", `\`line\`: line ${line} of ${relativePath} is its header, which is no record`);
  return record;
}

/** A record given as text: its bytes less trailing whitespace, as a line file would hold it. */
export function recordText(text: Uint8Array | string, what = "the record"): Uint8Array {
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : Buffer.from(text);
  let end = bytes.length;
  while (end > 0 && [0x20, 0x09, 0x0d, 0x0b, 0x0c, 0x0a].includes(bytes[end - 1] as number)) end--;
  if (end === 0) throw new ShouldersError("BAD_ARGUMENT", `\`record\`: ${what} is blank, which is no record`);
  if (bytes.subarray(0, end).includes(0x0a))
    throw new ShouldersError("BAD_ARGUMENT", `\`record\`: ${what} holds a line break; a record is one line`);
  return new Uint8Array(bytes.subarray(0, end));
}

/** Line `line` of a file, read in bounded chunks; `header` when it is a .csv file's first non-blank line. */
function readLine(absolutePath: string, relativePath: string, line: number): { text: Buffer; header: boolean } {
  const csv = relativePath.toLowerCase().endsWith(".csv");
  const fd = open(absolutePath, relativePath);
  const buffer = Buffer.allocUnsafe(1 << 20);
  const parts: Buffer[] = [];
  let current = 1;
  let sawContent = false;
  try {
    for (let read = readSync(fd, buffer, 0, buffer.length, null); read > 0; read = readSync(fd, buffer, 0, buffer.length, null)) {
      let start = 0;
      while (start < read) {
        const newline = buffer.indexOf(0x0a, start);
        const end = newline === -1 || newline >= read ? read : newline;
        if (current === line) parts.push(Buffer.from(buffer.subarray(start, end)));
        else if (!sawContent && /[^ \t\r\v\f]/.test(buffer.toString("latin1", start, end))) sawContent = true;
        if (end === read) break;
        if (current === line) return { text: Buffer.concat(parts), header: csv && !sawContent };
        current++;
        start = end + 1;
      }
    }
  } finally {
    closeSync(fd);
  }
  if (current < line) throw new ShouldersError("BAD_ARGUMENT", `\`line\`: ${relativePath} has ${current} lines, not ${line}`);
  return { text: Buffer.concat(parts), header: csv && !sawContent };
}

function fileSha256(absolutePath: string, relativePath: string): Uint8Array {
  const fd = open(absolutePath, relativePath);
  const hash = createHash("sha256");
  const buffer = Buffer.allocUnsafe(1 << 20);
  try {
    for (let read = readSync(fd, buffer, 0, buffer.length, null); read > 0; read = readSync(fd, buffer, 0, buffer.length, null)) {
      hash.update(buffer.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
  return new Uint8Array(hash.digest());
}

function open(absolutePath: string, relativePath: string): number {
  try {
    return openSync(absolutePath, "r");
  } catch (cause) {
    throw new ShouldersError("UNREADABLE_FILE", `cannot read ${relativePath}: ${(cause as NodeJS.ErrnoException).code ?? "error"}`, {
      cause,
    });
  }
}
