import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCode } from "./run-code.js";

const root = mkdtempSync(join(tmpdir(), "shoulders-run-code-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const git = (dir: string, ...args: string[]) =>
  execFileSync("git", ["-C", dir, "-c", "user.name=T", "-c", "user.email=t@example.org", ...args], { encoding: "utf8" }).trim();

function repo(name: string, commits: number, remote?: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  git(dir, "init", "-q");
  if (remote !== undefined) git(dir, "remote", "add", "origin", remote);
  for (let i = 0; i < commits; i++) {
    writeFileSync(join(dir, "train.py"), `step ${i}\n`);
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", `step ${i}`);
  }
  return dir;
}

describe("runCode", () => {
  it("is HEAD of the ledger's repository, or the commit a revision names, with the repository by its remote", () => {
    const dir = repo("remote", 2, "https://github.com/acme/sentiment.git");
    mkdirSync(join(dir, "sub"));
    expect(runCode({ dir: join(dir, "sub"), origin: "github.com/acme/sentiment/attribution" })).toEqual({
      repository: "https://github.com/acme/sentiment",
      sha: git(dir, "rev-parse", "HEAD"),
    });
    expect(runCode({ dir, rev: "HEAD~1", origin: "x" })?.sha).toBe(git(dir, "rev-parse", "HEAD~1"));
  });

  it("names a clone without a remote by the ledger's origin, never by its local path", () => {
    const dir = repo("local", 1);
    expect(runCode({ dir, origin: "github.com/acme/sentiment/attribution" })?.repository).toBe("github.com/acme/sentiment/attribution");
  });

  it("is nothing outside a repository or before the first commit, unless a revision was asked for", () => {
    const outside = join(root, "plain");
    mkdirSync(outside);
    expect(runCode({ dir: outside, origin: "x" })).toBeUndefined();
    expect(runCode({ dir: repo("empty", 0), origin: "x" })).toBeUndefined();
    expect(() => runCode({ dir: outside, rev: "v1", origin: "x" })).toThrow(
      expect.objectContaining({ code: "NOT_A_GIT_REPOSITORY", message: `\`code\` v1: ${outside} is not inside a git repository` }),
    );
    expect(() => runCode({ dir: repo("one", 1), rev: "no-such-tag", origin: "x" })).toThrow(expect.objectContaining({ code: "GIT_ERROR" }));
  });
});
