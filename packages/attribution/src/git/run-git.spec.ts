import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { queryGit, runGit, runGitUnchecked, streamGit, streamGitBytes } from "./run-git.js";

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

const quiet = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };

/** A repository with one commit of `files`. */
function committed(files: Record<string, string | Buffer>): string {
  const dir = repo();
  for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
  execFileSync("git", ["add", "--all"], { cwd: dir, env: quiet });
  execFileSync("git", ["-c", "user.name=Ann", "-c", "user.email=ann@example.org", "commit", "-q", "-m", "files"], { cwd: dir, env: quiet });
  return dir;
}

/** Runs `read` with these variables in the environment, as a hook or a CI step would leave them. */
function withEnv<T>(vars: Record<string, string>, read: () => T): T {
  const before = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  Object.assign(process.env, vars);
  try {
    return read();
  } finally {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
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

describe("the environment git runs in", () => {
  it("reads the repository it is given, whatever index or object store the environment names", () => {
    const mine = committed({ "mine.txt": "mine\n" });
    const other = committed({ "other.txt": "other\n" });
    const empty = join(repo(), "empty-objects");
    mkdirSync(empty);
    // A pre-commit hook exports GIT_INDEX_FILE; a caller may leave GIT_OBJECT_DIRECTORY or GIT_DIR behind.
    withEnv(
      {
        GIT_DIR: join(other, ".git"),
        GIT_INDEX_FILE: join(other, ".git", "index"),
        GIT_OBJECT_DIRECTORY: empty,
        GIT_ALTERNATE_OBJECT_DIRECTORIES: join(other, ".git", "objects"),
      },
      () => {
        expect(runGit(mine, ["ls-files"])).toBe("mine.txt\n");
        expect(runGit(mine, ["cat-file", "blob", "HEAD:mine.txt"])).toBe("mine\n");
        expect(runGitUnchecked(mine, ["cat-file", "-e", "HEAD:other.txt"]).status).not.toBe(0);
      },
    );
  });
});

describe("runGitUnchecked", () => {
  it("returns git's status and what it said, as text or as bytes", () => {
    const dir = committed({ "bytes.bin": Buffer.from([0, 1, 2, 0xff, 0x0a]) });
    expect(runGitUnchecked(dir, ["cat-file", "blob", "HEAD:bytes.bin"], { binary: true }).stdout).toEqual(
      Buffer.from([0, 1, 2, 0xff, 0x0a]),
    );
    const missing = runGitUnchecked(dir, ["cat-file", "blob", "HEAD:nope"]);
    expect(missing.status).toBe(128);
    expect(missing.stderr).toMatch(/^fatal: /);
  });

  it("never answers outside a repository: that is NOT_A_GIT_REPOSITORY, not a status to read as 'no such file'", () => {
    const dir = mkdtempSync(join(tmpdir(), "shoulders-no-repo-"));
    roots.push(dir);
    withEnv({ GIT_CEILING_DIRECTORIES: tmpdir() }, () =>
      expect(() => runGitUnchecked(dir, ["cat-file", "blob", "HEAD:x"])).toThrow(expect.objectContaining({ code: "NOT_A_GIT_REPOSITORY" })),
    );
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

describe("streamGitBytes", () => {
  it("writes its input to git and yields the bytes git prints, NULs and all", async () => {
    const content = Buffer.from([0x00, 0x41, 0x00, 0x0a, 0xfe]);
    const dir = committed({ "a.bin": content });
    const oid = runGit(dir, ["rev-parse", "HEAD:a.bin"]).trim();
    const chunks: Buffer[] = [];
    for await (const chunk of streamGitBytes(dir, ["cat-file", "--batch"], { input: `${oid}\n` })) chunks.push(chunk);
    expect(Buffer.concat(chunks)).toEqual(Buffer.concat([Buffer.from(`${oid} blob 5\n`), content, Buffer.from("\n")]));
  });

  it("throws a coded error after a failing git", async () => {
    const chunks = async () => {
      for await (const _ of streamGitBytes(repo(), ["cat-file", "--batch", "--no-such-option"], { input: "" })) {
      }
    };
    await expect(chunks()).rejects.toMatchObject({ code: "GIT_ERROR", message: expect.stringMatching(/^git cat-file failed: /) });
  });
});
