/**
 * Hashes one file with synchronous reads into a caller-owned buffer, so memory stays at one buffer whatever the file
 * size. Runs inside the hash workers, which is why it imports nothing from @shoulders/ledger: loading the ledger
 * costs ~140 ms per thread. Failures are plain one-line Errors; the caller turns them into UNREADABLE_FILE.
 */
import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

export function hashFileSync(
  file: { path: string; absolutePath: string; size: number },
  buffer: Buffer,
  onBytes: (bytes: number) => void = () => {},
): string {
  let fd: number;
  try {
    fd = openSync(file.absolutePath, "r");
  } catch (error) {
    throw new Error(`cannot open ${file.path}: ${codeOf(error)}`, { cause: error });
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new Error(`${file.path} is no longer a regular file`);
    if (stats.size !== file.size) throw new Error(`${file.path} changed size since it was listed (${file.size} → ${stats.size} bytes)`);
    const hash = createHash("sha256");
    let position = 0;
    // Read to end of file rather than to the listed size, so a file that grows while hashed is caught too.
    for (;;) {
      let read: number;
      try {
        read = readSync(fd, buffer, 0, buffer.length, position);
      } catch (error) {
        throw new Error(`cannot read ${file.path}: ${codeOf(error)}`, { cause: error });
      }
      if (read === 0) break;
      position += read;
      if (position > file.size) throw new Error(`${file.path} grew while it was hashed`);
      hash.update(buffer.subarray(0, read));
      onBytes(read);
    }
    if (position !== file.size) throw new Error(`${file.path} shrank while it was hashed (${file.size} → ${position} bytes)`);
    return hash.digest("hex");
  } finally {
    closeSync(fd);
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
}
