import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { gitTopLevel, headCommit, isGitRepository } from "./head-commit.js";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const env = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
const git = (dir: string, ...args: string[]) => execFileSync("git", args, { cwd: dir, env, encoding: "utf8" }).trim();

function tempDir(): string {
  // realpath: git reports the resolved top level, and tmpdir may be a symlink (macOS /var → /private/var).
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "shoulders-head-")));
  roots.push(dir);
  return dir;
}

describe("headCommit", () => {
  it("is undefined before the first commit, then the commit", () => {
    const dir = tempDir();
    git(dir, "init", "-q");
    expect(headCommit(dir)).toBeUndefined();
    git(dir, "-c", "user.name=A", "-c", "user.email=a@example.org", "commit", "-q", "--allow-empty", "-m", "first");
    expect(headCommit(dir)).toMatch(/^[0-9a-f]{40}$/);
    expect(headCommit(dir)).toBe(git(dir, "rev-parse", "HEAD"));
  });

  it("throws NOT_A_GIT_REPOSITORY outside a repository", () => {
    const dir = tempDir();
    expect(() => headCommit(dir)).toThrow(
      expect.objectContaining({
        code: "NOT_A_GIT_REPOSITORY",
        message: `${dir} is not inside a git repository; run the command in your clone or pass \`dir\``,
      }),
    );
  });
});

describe("isGitRepository and gitTopLevel", () => {
  it("find the top of the work tree from a subdirectory", () => {
    const dir = tempDir();
    git(dir, "init", "-q");
    mkdirSync(join(dir, "a", "b"), { recursive: true });
    expect(isGitRepository(join(dir, "a", "b"))).toBe(true);
    expect(gitTopLevel(join(dir, "a", "b"))).toBe(dir);
  });

  it("say no outside a repository, and for a directory that does not exist", () => {
    const dir = tempDir();
    expect(isGitRepository(dir)).toBe(false);
    expect(gitTopLevel(dir)).toBeUndefined();
    expect(isGitRepository(join(dir, "missing"))).toBe(false);
  });

  it("know a bare repository has no work tree", () => {
    const dir = tempDir();
    git(dir, "init", "-q", "--bare");
    expect(isGitRepository(dir)).toBe(true);
    expect(gitTopLevel(dir)).toBeUndefined();
  });
});
