import { execFileSync } from "node:child_process";
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hashDirectory } from "./hash-directory.js";

const scratch = realpathSync(mkdtempSync(join(tmpdir(), "shoulders-hashcache-")));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const env = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
const git = (dir: string, ...args: string[]) => execFileSync("git", args, { cwd: dir, env, encoding: "utf8" });

let counter = 0;
/** A folder with two files dated a minute back, so that the cache keeps them (fresh files are racy, never cached). */
function folder(): string {
  const dir = join(scratch, `d${counter++}`);
  mkdirSync(join(dir, "data"), { recursive: true });
  const when = Math.floor(Date.now() / 1000) - 60;
  for (const name of ["a.jsonl", "b.jsonl"]) {
    writeFileSync(join(dir, "data", name), `{"row":"${name}"}\n`);
    utimesSync(join(dir, "data", name), when, when);
  }
  return dir;
}

/** A cache written by a real run, then every digest in it replaced: what someone who commits a cache would plant. */
async function forgedCache(data: string, cachePath: string): Promise<string> {
  await hashDirectory(data, { cachePath });
  const cache = JSON.parse(readFileSync(cachePath, "utf8"));
  for (const entry of Object.values<{ sha256: string }>(cache.entries)) entry.sha256 = "0".repeat(64);
  writeFileSync(cachePath, JSON.stringify(cache));
  return readFileSync(cachePath, "utf8");
}

describe("the hash cache, when someone else wrote it", () => {
  it("is never trusted, nor rewritten, when git tracks it: it came from a commit, not from a run on this machine", async () => {
    const dir = folder();
    git(dir, "init", "-q");
    const data = join(dir, "data");
    const clean = await hashDirectory(data);
    const cachePath = join(dir, ".attribution", ".state", "hash-cache.json");
    const forged = await forgedCache(data, cachePath);
    // Untracked, the cache is this machine's own and is used (which is what makes a forged one dangerous).
    expect((await hashDirectory(data, { cachePath })).hashedBytes).toBe(0);

    git(dir, "add", "--force", "--", cachePath);
    const result = await hashDirectory(data, { cachePath });
    expect(result.digest).toBe(clean.digest);
    expect(result.hashedBytes).toBe(clean.totalBytes);
    expect(readFileSync(cachePath, "utf8")).toBe(forged);
  });

  it("is neither read through nor replaced when it is a symlink, to a planted cache or to /dev/zero", async () => {
    const dir = folder();
    const data = join(dir, "data");
    const clean = await hashDirectory(data);
    const planted = join(scratch, `planted-${counter}.json`);
    const forged = await forgedCache(data, planted);
    const cachePath = join(dir, ".state", "hash-cache.json");
    mkdirSync(dirname(cachePath));
    for (const target of [planted, "/dev/zero"]) {
      rmSync(cachePath, { force: true });
      symlinkSync(target, cachePath);
      const result = await hashDirectory(data, { cachePath });
      expect(result.digest).toBe(clean.digest);
      expect(result.hashedBytes).toBe(clean.totalBytes);
      expect(lstatSync(cachePath).isSymbolicLink()).toBe(true);
    }
    expect(readFileSync(planted, "utf8")).toBe(forged);
  });

  it("is neither read nor written in a folder that is a symlink to somewhere else", async () => {
    const dir = folder();
    const elsewhere = join(scratch, `elsewhere-${counter}`);
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(dir, ".state"));
    const cachePath = join(dir, ".state", "hash-cache.json");
    await hashDirectory(join(dir, "data"), { cachePath });
    expect(readdirSync(elsewhere)).toEqual([]);
  });
});
