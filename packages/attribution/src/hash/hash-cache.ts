/**
 * Remembers the digests of files that have not changed since the last run, like git's index: a file whose size,
 * mtime, ctime, inode and device are all unchanged is not read again. The cache is an optimisation only: it is safe
 * to delete, ignored when unreadable or of another version, and written atomically (temp file + rename).
 *
 * It lives in the repository (`.attribution/.state/`, git-ignored), so a commit can plant one: a link to /dev/zero
 * (read forever, then std::bad_alloc on every push), a FIFO (blocks), or a regular file of forged digests. So it is
 * read bounded and without following links, and a cache that is not a plain file, sits in a linked folder, or is
 * tracked by git is neither trusted nor written: it came from a commit, not from an earlier run on this machine.
 */
import { lstatSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { decodeUtf8 } from "@shoulders/ledger";
import { readBoundedFile } from "@shoulders/ledger/files";
import { z } from "zod";
import { queryGit } from "../git/run-git.js";
import type { ListedFile } from "./list-files.js";

const CACHE_VERSION = 1;
// A file modified within this window of the listing could be modified again within the same timestamp tick (1 s
// on ext3, 2 s on FAT) without its mtime changing: git's "racy clean" problem. Such files are hashed again next time.
const RACY_MS = 2000;
// One cache file serves every folder of a repository; this bounds what other folders leave behind.
const MAX_ENTRIES = 1_000_000;
// About MAX_ENTRIES entries of ~250 bytes; a larger file is ignored (and replaced) rather than read.
const MAX_CACHE_BYTES = 256 * 1024 * 1024;

const entrySchema = z.object({
  size: z.number(),
  mtimeMs: z.number(),
  ctimeMs: z.number(),
  ino: z.number(),
  dev: z.number(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
const cacheSchema = z.object({ version: z.literal(CACHE_VERSION), entries: z.record(z.string(), entrySchema) });
type CacheEntry = z.infer<typeof entrySchema>;

export type HashCache = {
  /** The remembered digest, when the file looks exactly as it did when it was hashed. */
  get(file: ListedFile): string | undefined;
  /** Records a file of this run; entries for files of this folder that are not recorded are dropped on save. */
  set(file: ListedFile, sha256: string): void;
  /** Writes the cache; false when it could not (the hashes are still right, the next run is just slower). */
  save(): boolean;
};

/** `root` is the folder being hashed; entries are keyed by its absolute path + the relative path. */
export function openHashCache(cachePath: string, root: string, now: number = Date.now()): HashCache {
  const prefix = `${resolve(root)}/`;
  const { previous, writable } = readEntries(cachePath);
  const current = new Map<string, CacheEntry>();
  return {
    get(file) {
      const entry = previous.get(prefix + file.path);
      if (!entry) return undefined;
      const same =
        entry.size === file.size &&
        entry.mtimeMs === file.mtimeMs &&
        entry.ctimeMs === file.ctimeMs &&
        entry.ino === file.ino &&
        entry.dev === file.dev;
      return same ? entry.sha256 : undefined;
    },
    set(file, sha256) {
      if (file.mtimeMs >= now - RACY_MS) return;
      const { size, mtimeMs, ctimeMs, ino, dev } = file;
      current.set(prefix + file.path, { size, mtimeMs, ctimeMs, ino, dev, sha256 });
    },
    save() {
      if (!writable) return false;
      const entries: Record<string, CacheEntry> = {};
      let kept = current.size;
      for (const [key, entry] of previous) {
        if (key.startsWith(prefix) || kept >= MAX_ENTRIES) continue;
        entries[key] = entry;
        kept++;
      }
      for (const [key, entry] of current) entries[key] = entry;
      return writeAtomically(cachePath, JSON.stringify({ version: CACHE_VERSION, entries }));
    },
  };
}

function readEntries(cachePath: string): { previous: Map<string, CacheEntry>; writable: boolean } {
  const previous = new Map<string, CacheEntry>();
  try {
    // A linked folder would have us read, and write, wherever it points.
    if (lstatSync(dirname(cachePath), { throwIfNoEntry: false })?.isSymbolicLink() === true) return { previous, writable: false };
    const stats = lstatSync(cachePath, { throwIfNoEntry: false });
    if (stats === undefined) return { previous, writable: true };
    if (!stats.isFile() || trackedByGit(cachePath)) return { previous, writable: false };
    const bytes = readBoundedFile(cachePath, { maxBytes: MAX_CACHE_BYTES, what: "the hash cache", tooLarge: "IO_ERROR" });
    const parsed = cacheSchema.safeParse(JSON.parse(decodeUtf8(bytes, "IO_ERROR")));
    return { previous: new Map(parsed.success ? Object.entries(parsed.data.entries) : []), writable: true };
  } catch {
    // Unreadable, too large, not UTF-8 or not JSON: start afresh, the cache only saves time.
    return { previous, writable: true };
  }
}

/**
 * `git ls-files --error-unmatch` answers from the index alone, in milliseconds, and only runs when a cache file
 * exists (never on a fresh CI checkout). Outside a repository, or without git, nothing can have committed the file.
 */
function trackedByGit(cachePath: string): boolean {
  try {
    return queryGit(dirname(cachePath), ["ls-files", "--error-unmatch", "--", `:(literal)${basename(cachePath)}`]) !== undefined;
  } catch {
    return false;
  }
}

function writeAtomically(path: string, text: string): boolean {
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    // "wx": never through a file (or link) that is already there.
    writeFileSync(temp, text, { flag: "wx" });
    // rename(2) replaces the file in one step: a reader sees the old cache or the new one, never half of one.
    renameSync(temp, path);
    return true;
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing was written, or the folder is gone: nothing to clean up.
    }
    return false;
  }
}
