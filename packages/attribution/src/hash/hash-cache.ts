/**
 * Remembers the digests of files that have not changed since the last run, like git's index: a file whose size,
 * mtime, ctime, inode and device are all unchanged is not read again. The cache is an optimisation only: it is safe
 * to delete, ignored when unreadable or of another version, and written atomically (temp file + rename).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import type { ListedFile } from "./list-files.js";

const CACHE_VERSION = 1;
// A file modified within this window of the listing could be modified again within the same timestamp tick (1 s
// on ext3, 2 s on FAT) without its mtime changing: git's "racy clean" problem. Such files are hashed again next time.
const RACY_MS = 2000;
// One cache file serves every folder of a repository; this bounds what other folders leave behind.
const MAX_ENTRIES = 1_000_000;

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
  const previous = readEntries(cachePath);
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

function readEntries(cachePath: string): Map<string, CacheEntry> {
  try {
    const parsed = cacheSchema.safeParse(JSON.parse(readFileSync(cachePath, "utf8")));
    return new Map(parsed.success ? Object.entries(parsed.data.entries) : []);
  } catch {
    // Missing, unreadable or not JSON: start afresh, the cache only saves time.
    return new Map();
  }
}

function writeAtomically(path: string, text: string): boolean {
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temp, text);
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
