import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hashDirectory } from "./hash-directory.js";
import { manifestText } from "./manifest.js";

const MiB = 1024 * 1024;
const scratch = realpathSync(mkdtempSync(join(tmpdir(), "shoulders-hashdir-")));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
function folder(files: Record<string, string | Buffer>): string {
  const dir = join(scratch, `d${counter++}`);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/**
 * Files written just now are too fresh to cache (racy mtime), so the cache tests date them back, to a whole second
 * that a test can set again exactly. Returns that time.
 */
function age(dir: string, seconds = 60): number {
  const when = Math.floor(Date.now() / 1000) - seconds;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) utimesSync(join(entry.parentPath, entry.name), when, when);
  }
  return when;
}

describe("hashDirectory", () => {
  it("matches a manifest built independently with find, LC_ALL=C sort, stat and sha256sum", async () => {
    const dir = folder({ "a.txt": "hello\n", B: "", "a/b": "x", "a-b": "y", "é.json": "{}", "sub/deep/file.bin": randomBytes(3000) });
    const shell = `find . -type f -printf '%P\\n' | LC_ALL=C sort | while IFS= read -r f; do
      printf '%s %s %s\\n' "$(sha256sum < "$f" | cut -c1-64)" "$(stat -c %s "$f")" "$f"; done`;
    const expectedText = execFileSync("sh", ["-c", shell], { cwd: dir, encoding: "utf8" });
    const result = await hashDirectory(dir);
    expect(result.text).toBe(expectedText);
    expect(result.digest).toBe(createHash("sha256").update(expectedText).digest("hex"));
    expect(result.text.split("\n")[0]).toMatch(/^e3b0c442\w{56} 0 B$/);
    expect(result.totalBytes).toBe(6 + 0 + 1 + 1 + 2 + 3000);
    expect(manifestText(result.files)).toBe(result.text);
  });

  it("gives the same digest in workers and in process, reports skipped entries and ends progress at the total", async () => {
    const dir = folder({ "big/1.bin": randomBytes(9 * MiB), "big/2.bin": randomBytes(5 * MiB), "small.txt": "s" });
    symlinkSync("/etc/hostname", join(dir, "outside"));
    const progress: number[] = [];
    const inWorkers = await hashDirectory(dir, { threads: 2, inProcessBelow: 0, onProgress: (done, total) => progress.push(done, total) });
    const inProcess = await hashDirectory(dir, { inProcessBelow: Number.POSITIVE_INFINITY });
    expect(inWorkers.digest).toBe(inProcess.digest);
    expect(inWorkers.skipped).toEqual([{ path: "outside", reason: "symlink points outside the folder" }]);
    expect(progress.slice(-2)).toEqual([14 * MiB + 1, 14 * MiB + 1]);
  });
});

describe("hashDirectory with a cache", () => {
  const files = { "model-1.safetensors": randomBytes(2 * MiB), "model-2.safetensors": randomBytes(MiB), "config.json": "{}" };

  it("does not read unchanged files again, and says so", async () => {
    const dir = folder(files);
    age(dir);
    const cachePath = join(dir, ".attribution/.state/hash-cache.json");
    const first = await hashDirectory(dir, { cachePath });
    expect(first.hashedBytes).toBe(3 * MiB + 2);
    const progress: number[] = [];
    // The cache lies inside the folder, and is left out of its manifest, or the digest would change every run.
    const second = await hashDirectory(dir, { cachePath, onProgress: (done) => progress.push(done) });
    expect(second.hashedBytes).toBe(0);
    expect(second.digest).toBe(first.digest);
    expect(second.files.map((f) => f.path)).toEqual(["config.json", "model-1.safetensors", "model-2.safetensors"]);
    expect(progress.at(-1)).toBe(3 * MiB + 2);
    // Written atomically: no temp file is left beside it.
    expect(readdirSync(dirname(cachePath))).toEqual(["hash-cache.json"]);
  });

  it("hashes again a file whose mtime changed, or whose content changed with size and mtime restored", async () => {
    const dir = folder(files);
    const when = age(dir);
    const cachePath = join(scratch, `cache-${counter}.json`);
    const first = await hashDirectory(dir, { cachePath });
    utimesSync(join(dir, "config.json"), when - 60, when - 60);
    const touched = await hashDirectory(dir, { cachePath });
    expect(touched.hashedBytes).toBe(2);
    expect(touched.digest).toBe(first.digest);

    // Same size, same inode, mtime set back exactly, different bytes: only the ctime (which utimes cannot set back)
    // gives it away.
    const path = join(dir, "model-2.safetensors");
    const { mtimeMs, ino } = statSync(path);
    writeFileSync(path, randomBytes(MiB));
    utimesSync(path, when, when);
    expect(statSync(path)).toMatchObject({ mtimeMs, ino, size: MiB });
    const edited = await hashDirectory(dir, { cachePath });
    expect(edited.hashedBytes).toBe(MiB);
    expect(edited.digest).not.toBe(first.digest);
  });

  it("does not cache files modified within the last seconds (racy mtime)", async () => {
    const dir = folder(files);
    const cachePath = join(scratch, `cache-${counter}.json`);
    await hashDirectory(dir, { cachePath });
    expect((await hashDirectory(dir, { cachePath })).hashedBytes).toBe(3 * MiB + 2);
  });

  it("ignores a corrupt cache or one of another version, and replaces it", async () => {
    const dir = folder(files);
    age(dir);
    const cachePath = join(scratch, `cache-${counter}.json`);
    const clean = await hashDirectory(dir, { cachePath });
    for (const bad of [
      "{not json",
      JSON.stringify({ version: 99, entries: {} }),
      JSON.stringify({ version: 1, entries: { x: { sha256: 1 } } }),
    ]) {
      writeFileSync(cachePath, bad);
      const result = await hashDirectory(dir, { cachePath });
      expect(result.hashedBytes).toBe(3 * MiB + 2);
      expect(result.digest).toBe(clean.digest);
      expect(JSON.parse(readFileSync(cachePath, "utf8")).version).toBe(1);
    }
  });

  it("drops entries of deleted files, and keeps those of other folders sharing the cache", async () => {
    const one = folder(files);
    const two = folder({ "other.bin": "other" });
    age(one);
    age(two);
    const cachePath = join(scratch, `cache-${counter}.json`);
    const keys = () => Object.keys(JSON.parse(readFileSync(cachePath, "utf8")).entries).sort();
    await hashDirectory(one, { cachePath });
    await hashDirectory(two, { cachePath });
    expect(keys()).toHaveLength(4);
    rmSync(join(one, "model-1.safetensors"));
    await hashDirectory(one, { cachePath });
    expect(keys()).toEqual([join(one, "config.json"), join(one, "model-2.safetensors"), join(two, "other.bin")]);
    expect((await hashDirectory(two, { cachePath })).hashedBytes).toBe(0);
  });

  it("still hashes when the cache cannot be written", async () => {
    const dir = folder(files);
    const blocker = join(scratch, `blocker-${counter}`);
    writeFileSync(blocker, "a file where the cache folder should be");
    const result = await hashDirectory(dir, { cachePath: join(blocker, "hash-cache.json") });
    expect(result.files).toHaveLength(3);
  });
});
