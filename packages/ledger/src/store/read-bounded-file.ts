import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from "node:fs";
import { basename, dirname, sep } from "node:path";
import { type ErrorCode, ShouldersError } from "../errors.js";

/**
 * O_NOFOLLOW refuses a symlink as the last path component (ELOOP), so a ledger file committed as a link to
 * /etc/shadow or ~/.ssh/id_ed25519 is never read or written through. O_NONBLOCK makes opening a FIFO return at once
 * instead of waiting forever for a writer. Windows has neither flag (and no FIFOs); 0 leaves the open as it was.
 */
export const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
const NON_BLOCK = constants.O_NONBLOCK ?? 0;

/**
 * Opens `path` and checks that it is a regular file. A symlink (unless `followSymlinks`), FIFO, socket, device or
 * folder is UNSAFE_PATH: /dev/zero would be read forever and a FIFO would block forever.
 */
export function openRegularFile(
  path: string,
  flags: number,
  what: string,
  options: { followSymlinks?: boolean; within?: string; mode?: number } = {},
): number {
  const target = options.within === undefined ? path : linkTargetWithin(path, options.within, what);
  let fd: number;
  try {
    fd = openSync(target, flags | NON_BLOCK | (options.followSymlinks ? 0 : NO_FOLLOW), options.mode);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ELOOP") throw new ShouldersError("UNSAFE_PATH", `${what} is a symlink; it must be a regular file`, { cause });
    if (code === "EACCES" || code === "EPERM") throw new ShouldersError("UNREADABLE_FILE", `cannot open ${what}: ${code}`, { cause });
    throw new ShouldersError("IO_ERROR", `cannot open ${what}: ${code ?? "error"}`, { cause });
  }
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw new ShouldersError("UNSAFE_PATH", `${what} is not a regular file (a folder, FIFO, socket or device)`);
  }
  return fd;
}

/**
 * A reader of a downloaded copy must follow symlinks: a Hugging Face cache snapshot links every file, the ledger's
 * too, to `../../blobs/`. So a symlink is followed, but only to a real path inside `within`, never to /etc or ~/.ssh.
 */
function linkTargetWithin(path: string, within: string, what: string): string {
  try {
    if (!lstatSync(path).isSymbolicLink()) return path;
  } catch {
    return path; // the open reports it
  }
  let target: string;
  try {
    target = realpathSync(path);
  } catch (cause) {
    throw new ShouldersError("UNSAFE_PATH", `${what} is a symlink that leads nowhere`, { cause });
  }
  if (!target.startsWith(within.endsWith(sep) ? within : within + sep)) {
    throw new ShouldersError("UNSAFE_PATH", `${what} is a symlink to a file outside the folder`);
  }
  return target;
}

/**
 * Where symlinks in a folder may lead: the folder itself, or for a Hugging Face cache snapshot
 * (`models--ORG--NAME/snapshots/REV`) the repository's cache folder, which holds the blobs.
 */
export function symlinkRootOf(dir: string): string {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    return dir;
  }
  const parent = dirname(real);
  return basename(parent) === "snapshots" && /^(?:models|datasets|spaces)--/.test(basename(dirname(parent))) ? dirname(parent) : real;
}

/**
 * Reads a whole file of at most `maxBytes`, without ever holding more: the size is checked before reading, and the
 * read stops at the limit even if the file grows meanwhile. Larger files are `tooLarge`.
 */
export function readBoundedFile(
  path: string,
  options: { maxBytes: number; what: string; tooLarge: ErrorCode; followSymlinks?: boolean; within?: string },
): Buffer {
  const fd = openRegularFile(path, constants.O_RDONLY, options.what, {
    followSymlinks: options.followSymlinks === true,
    ...(options.within === undefined ? {} : { within: options.within }),
  });
  try {
    const size = fstatSync(fd).size;
    if (size > options.maxBytes) {
      throw new ShouldersError(options.tooLarge, `${options.what} is larger than the limit of ${options.maxBytes} bytes`);
    }
    // One byte more than the size, to notice a file that grows while it is read.
    const buffer = Buffer.alloc(size + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > size) throw new ShouldersError("IO_ERROR", `${options.what} changed while it was read`);
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}
