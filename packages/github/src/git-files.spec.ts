import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { extractTree, showFile } from "./git-files.js";

const MiB = 1024 * 1024;
const scratch = realpathSync(mkdtempSync(join(tmpdir(), "shoulders-git-files-")));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const env = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
const git = (dir: string, ...args: string[]) => execFileSync("git", args, { cwd: dir, env, encoding: "utf8" }).trim();

let counter = 0;
/** A repository with one commit of these files; returns it and the commit. */
function repo(files: Record<string, string | Buffer>, links: Record<string, string> = {}): { dir: string; head: string } {
  const dir = join(scratch, `repo-${counter++}`);
  mkdirSync(dir);
  git(dir, "init", "-q");
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  for (const [path, target] of Object.entries(links)) symlinkSync(target, join(dir, path));
  git(dir, "add", "--all");
  git(dir, "-c", "user.name=Ann", "-c", "user.email=ann@example.org", "commit", "-q", "-m", "files");
  return { dir, head: git(dir, "rev-parse", "HEAD") };
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("extractTree", () => {
  it("reads a 64 MiB blob byte for byte (its time is measured in test/bench/extract-bench.mjs)", async () => {
    // A pattern, not random bytes: git inflates it quickly.
    const blob = Buffer.alloc(64 * MiB, "0123456789abcdef\n");
    const { dir, head } = repo({ "large/blob.bin": blob });
    const dest = join(scratch, `out-${counter++}`);
    expect(await extractTree({ repoDir: dir, treeish: head, paths: ["large"], dest })).toEqual({ files: 1, skipped: [] });
    expect(sha256(readFileSync(join(dest, "large", "blob.bin")))).toBe(sha256(blob));
    rmSync(dest, { recursive: true });
  }, 180_000);

  it("writes none of the names the record action would skip, and reports each once, quoted on one line", async () => {
    const { dir, head } = repo(
      { "data/ok.jsonl": "{}\n", "data/a\nb.jsonl": "{}\n", "data/c\\d.jsonl": "{}\n", "data/e\rf/g.jsonl": "{}\n" },
      { "data/link.jsonl": "ok.jsonl" },
    );
    const dest = join(scratch, `out-${counter++}`);
    const extracted = await extractTree({ repoDir: dir, treeish: head, paths: ["data"], dest });
    const line = "a name that contains a line break, which the manifest's line format cannot hold";
    expect(extracted).toEqual({
      files: 1,
      skipped: [
        { path: '"data/a\\nb.jsonl"', reason: line },
        { path: "data/c\\d.jsonl", reason: "a name that contains a backslash; manifest paths are '/'-separated" },
        { path: '"data/e\\rf/g.jsonl"', reason: line },
        { path: "data/link.jsonl", reason: "a symbolic link" },
      ],
    });
    expect(readdirSync(join(dest, "data"))).toEqual(["ok.jsonl"]);
  });
});

describe("showFile", () => {
  it("reads the repository it is given, never an object store the environment names", () => {
    const { dir, head } = repo({ ".attribution/trust.json": '{"origin":"mine"}\n' });
    const other = repo({ ".attribution/trust.json": '{"origin":"forged"}\n' });
    const before = process.env.GIT_OBJECT_DIRECTORY;
    process.env.GIT_OBJECT_DIRECTORY = join(other.dir, ".git", "objects");
    try {
      expect(showFile(dir, head, ".attribution/trust.json")?.toString()).toBe('{"origin":"mine"}\n');
      expect(showFile(dir, other.head, ".attribution/trust.json")).toBeUndefined();
    } finally {
      if (before === undefined) delete process.env.GIT_OBJECT_DIRECTORY;
      else process.env.GIT_OBJECT_DIRECTORY = before;
    }
  });

  it("is undefined for a file the revision lacks, and an error, not 'no file', outside a repository", () => {
    const { dir, head } = repo({ "a.txt": "a\n" });
    expect(showFile(dir, head, ".attribution/trust.json")).toBeUndefined();
    // A base branch read as "no ledger" would let a pull request bring its own root of trust.
    const outside = join(scratch, `plain-${counter++}`);
    mkdirSync(outside);
    const ceiling = process.env.GIT_CEILING_DIRECTORIES;
    process.env.GIT_CEILING_DIRECTORIES = scratch;
    try {
      expect(() => showFile(outside, head, ".attribution/trust.json")).toThrow(expect.objectContaining({ code: "NOT_A_GIT_REPOSITORY" }));
    } finally {
      if (ceiling === undefined) delete process.env.GIT_CEILING_DIRECTORIES;
      else process.env.GIT_CEILING_DIRECTORIES = ceiling;
    }
  });
});
