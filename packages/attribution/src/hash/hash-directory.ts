/**
 * What the recorders call: the manifest of a folder (docs/format.md, "Files and manifests"), hashed with every core, and with
 * unchanged files taken from the cache when the caller keeps one.
 */
import { createHash } from "node:crypto";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { openHashCache } from "./hash-cache.js";
import { hashFiles } from "./hash-files.js";
import { type ListFilesOptions, listFiles, type SkippedEntry } from "./list-files.js";
import { compareBytewise, type FileEntry, manifestText } from "./manifest.js";

export type HashDirectoryOptions = ListFilesOptions & {
  threads?: number;
  /** Bytes done (cached files count as done) out of the folder's total. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  signal?: AbortSignal;
  /** Where to keep the hash cache, e.g. `.attribution/.state/hash-cache.json`. No cache when absent. */
  cachePath?: string;
  /** See HashFilesOptions.inProcessBelow. */
  inProcessBelow?: number;
};

export type DirectoryManifest = {
  files: FileEntry[];
  skipped: SkippedEntry[];
  digest: string;
  text: string;
  totalBytes: number;
  /** Bytes actually read this run; the rest came from the cache. */
  hashedBytes: number;
};

export async function hashDirectory(dir: string, options: HashDirectoryOptions = {}): Promise<DirectoryManifest> {
  // Opened before listing, so that the racy-file window is measured from before any stat.
  const cache = options.cachePath === undefined ? undefined : openHashCache(options.cachePath, dir);
  const { files: listed, skipped } = listFiles(dir, { ...options, exclude: withoutCache(dir, options) });
  const totalBytes = listed.reduce((sum, file) => sum + file.size, 0);

  const known = new Map<string, string>();
  const toHash = listed.filter((file) => {
    const sha256 = cache?.get(file);
    if (sha256 !== undefined) known.set(file.path, sha256);
    return sha256 === undefined;
  });
  const cachedBytes = totalBytes - toHash.reduce((sum, file) => sum + file.size, 0);
  const onProgress = options.onProgress;
  if (cachedBytes > 0) onProgress?.(cachedBytes, totalBytes);
  const hashed = await hashFiles(toHash, {
    threads: options.threads,
    signal: options.signal,
    inProcessBelow: options.inProcessBelow,
    onProgress: onProgress && ((done) => onProgress(cachedBytes + done, totalBytes)),
  });
  for (const entry of hashed) known.set(entry.path, entry.sha256);

  const files = listed.map((file) => ({ path: file.path, size: file.size, sha256: known.get(file.path)! }));
  files.sort((a, b) => compareBytewise(a.path, b.path));
  if (cache) {
    for (const file of listed) cache.set(file, known.get(file.path)!);
    cache.save();
  }
  const text = manifestText(files);
  const digest = createHash("sha256").update(text, "utf8").digest("hex");
  return { files, skipped, digest, text, totalBytes, hashedBytes: totalBytes - cachedBytes };
}

/**
 * A cache kept inside the folder it describes (a repository hashed from its root) must not hash itself: it changes
 * on every run, so the digest would never be stable. Its temp files are left out for the same reason.
 */
function withoutCache(dir: string, options: HashDirectoryOptions): ((path: string) => boolean) | undefined {
  const { exclude, cachePath } = options;
  if (cachePath === undefined) return exclude;
  const inside = relative(resolve(dir), resolve(cachePath));
  if (inside === "" || inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return exclude;
  const cache = inside.split(sep).join("/");
  return (path) => path === cache || (path.startsWith(`${cache}.`) && path.endsWith(".tmp")) || (exclude?.(path) ?? false);
}
