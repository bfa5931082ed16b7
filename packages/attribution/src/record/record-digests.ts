/**
 * A record's digest is its RFC 9162 leaf hash, SHA-256(0x00 ‖ record) (§2.1.1), so the digests are the leaves of the
 * version's record tree as they are, with no second hash per record. A line file's record is one of its lines with
 * the line ending and trailing whitespace (space, tab, CR, VT, FF) removed; a line with nothing else is no record, and
 * a .csv file's first record is its header, never a record. Credit goes to content, so these are the bytes that
 * reformatting (CRLF ↔ LF, padding) cannot change (docs/revenue-split.md, "Credit by content").
 */
import { createHash, hash } from "node:crypto";
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { ShouldersError } from "@shoulders/ledger";

export const RECORD_DIGEST_BYTES = 32;

/** Whether a file's records are its lines (.jsonl, .csv), so reading them needs its content; any other file is one record. */
export function isLineRecordFile(path: string): boolean {
  const lower = path.toLowerCase();
  return lower.endsWith(".jsonl") || lower.endsWith(".csv");
}

export type RecordDigester = {
  add(chunk: Uint8Array): void;
  /**
   * The digests of the file's records, 32 bytes each in file order (a record twice is there twice); undefined for a
   * file that is one record, whose digest is the leaf hash of its SHA-256 (see fileRecordDigest).
   */
  finish(): Uint8Array | undefined;
};

const SCRATCH_BYTES = 64 * 1024;

/**
 * Digests a file's records from its bytes in chunks of any size (read from disk, or downloaded from the Hub). A line
 * that fits in a chunk is hashed in one call from a copy behind a 0x00 byte; a line across chunks is hashed as it
 * streams, holding back only a run of whitespace that may yet turn out to be trailing. Memory: the digests, 32 bytes a
 * record, whatever the file size.
 */
export function recordDigester(path: string): RecordDigester {
  if (!isLineRecordFile(path)) return { add() {}, finish: () => undefined };
  let skipHeader = path.toLowerCase().endsWith(".csv");
  const out = new PackedDigests();
  let scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
  // A line that began in an earlier chunk: its hash so far, and whitespace seen after its last other byte.
  let open: { hasher: ReturnType<typeof createHash>; content: boolean; spaces: Buffer[] } | undefined;

  const emit = (digest: Buffer | string) => {
    if (skipHeader) {
      skipHeader = false;
      return;
    }
    out.push(digest);
  };
  const hashWhole = (bytes: Uint8Array, start: number, end: number) => {
    const length = end - start;
    if (length + 1 > scratch.length) scratch = Buffer.allocUnsafe(2 * (length + 1));
    scratch[0] = 0x00;
    scratch.set(bytes.subarray(start, end), 1);
    emit(hash("sha256", scratch.subarray(0, length + 1), "binary"));
  };
  const feed = (bytes: Uint8Array, start: number, end: number) => {
    if (open === undefined) {
      open = { hasher: createHash("sha256").update(LEAF_PREFIX), content: false, spaces: [] };
    }
    const last = contentEnd(bytes, start, end);
    if (last > start) {
      for (const space of open.spaces) open.hasher.update(space);
      open.spaces = [];
      open.hasher.update(bytes.subarray(start, last));
      open.content = true;
    }
    if (last < end) open.spaces.push(Buffer.from(bytes.subarray(last, end)));
  };
  const close = () => {
    if (open?.content) emit(open.hasher.digest());
    open = undefined;
  };

  return {
    add(chunk) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      let start = 0;
      while (start < bytes.length) {
        const newline = bytes.indexOf(0x0a, start);
        if (newline === -1) {
          feed(bytes, start, bytes.length);
          return;
        }
        if (open !== undefined) {
          feed(bytes, start, newline);
          close();
        } else {
          const end = contentEnd(bytes, start, newline);
          if (end > start) hashWhole(bytes, start, end);
        }
        start = newline + 1;
      }
    },
    finish() {
      close();
      return out.bytes();
    },
  };
}

/** A file that is one record: its leaf is its SHA-256 as the manifest holds it, so it is never read twice. */
export function fileRecordDigest(sha256Hex: string): Uint8Array {
  return new Uint8Array(createHash("sha256").update(LEAF_PREFIX).update(Buffer.from(sha256Hex, "hex")).digest());
}

/** The record digests of a file on disk (see recordDigester), read in bounded chunks whatever its size. */
export function readRecordDigests(absolutePath: string, relativePath: string): Uint8Array | undefined {
  const digester = recordDigester(relativePath);
  if (!isLineRecordFile(relativePath)) return digester.finish();
  const fd = openRegularFile(absolutePath, relativePath);
  const buffer = Buffer.allocUnsafe(1 << 20);
  try {
    for (let read = readSync(fd, buffer, 0, buffer.length, null); read > 0; read = readSync(fd, buffer, 0, buffer.length, null)) {
      digester.add(buffer.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
  return digester.finish();
}

const LEAF_PREFIX = Uint8Array.of(0x00);

/** The end of [start, end) less trailing whitespace. */
function contentEnd(bytes: Uint8Array, start: number, end: number): number {
  let last = end;
  while (last > start) {
    const byte = bytes[last - 1] as number;
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d && byte !== 0x0b && byte !== 0x0c) break;
    last--;
  }
  return last;
}

/** Digests appended into one growing buffer: a million records cost 32 MB, not a million objects. */
class PackedDigests {
  private buffer = Buffer.allocUnsafe(RECORD_DIGEST_BYTES * 1024);
  private length = 0;

  push(digest: Buffer | string): void {
    if (this.length + RECORD_DIGEST_BYTES > this.buffer.length) {
      const grown = Buffer.allocUnsafe(this.buffer.length * 2);
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    if (typeof digest === "string") this.buffer.write(digest, this.length, "latin1");
    else digest.copy(this.buffer, this.length);
    this.length += RECORD_DIGEST_BYTES;
  }

  bytes(): Uint8Array {
    return new Uint8Array(this.buffer.buffer, this.buffer.byteOffset, this.length).slice();
  }
}

/**
 * Opens without blocking and insists on a regular file: the folder was listed before it is read, and a FIFO put in a
 * file's place since would block a plain open forever.
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
