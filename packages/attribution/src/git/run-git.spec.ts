import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { queryGit, runGit, streamGit } from "./run-git.js";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), "shoulders-run-git-"));
  roots.push(dir);
  execFileSync("git", ["init", "-q"], { cwd: dir, env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" } });
  return dir;
}

async function collect(pieces: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const piece of pieces) all.push(piece);
  return all;
}

describe("runGit", () => {
  it("returns stdout", () => {
    expect(runGit(repo(), ["rev-parse", "--is-inside-work-tree"])).toBe("true\n");
  });

  it("turns a failure into a one-line GIT_ERROR with git's first stderr line", () => {
    expect(() => runGit(repo(), ["rev-parse", "--verify", "no-such-ref"])).toThrow(
      expect.objectContaining({ code: "GIT_ERROR", message: "git rev-parse failed: fatal: Needed a single revision" }),
    );
  });

  it("keeps control characters that git echoes out of the message", () => {
    try {
      runGit(repo(), ["rev-parse", "--verify", "bad\x1b[31mref\nsecond"]);
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toMatch(/\p{Cc}/u);
    }
  });

  it("never prompts: GIT_TERMINAL_PROMPT=0 and LC_ALL=C reach git", () => {
    const dir = repo();
    expect(runGit(dir, ["var", "GIT_EDITOR"]).length).toBeGreaterThan(0);
    // An alias through `!` runs a shell command, the simplest way to see git's environment from inside git.
    writeFileSync(join(dir, ".git", "config"), "[alias]\n\tshowenv = !echo $GIT_TERMINAL_PROMPT:$LC_ALL\n", { flag: "a" });
    expect(runGit(dir, ["showenv"]).trim()).toBe("0:C");
  });
});

describe("queryGit", () => {
  it("is undefined when git answers 'nothing' with status 1", () => {
    expect(queryGit(repo(), ["config", "--get", "no.such.key"])).toBeUndefined();
  });
});

describe("streamGit", () => {
  it("yields the output split on the separator", async () => {
    const dir = repo();
    runGit(dir, ["config", "a.b", "one"]);
    runGit(dir, ["config", "a.c", "two"]);
    expect(await collect(streamGit(dir, ["config", "-z", "--get-regexp", "^a\\."], { separator: "\0" }))).toEqual(["a.b\none", "a.c\ntwo"]);
    expect(await collect(streamGit(dir, ["config", "--get-regexp", "^a\\."]))).toEqual(["a.b one", "a.c two"]);
  });

  it("throws a coded error after a failing git", async () => {
    await expect(collect(streamGit(repo(), ["log", "--end-of-options", "nope", "--"]))).rejects.toMatchObject({
      code: "GIT_ERROR",
      message: "git log failed: fatal: bad revision 'nope'",
    });
  });
});
