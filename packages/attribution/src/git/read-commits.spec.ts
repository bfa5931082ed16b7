import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CommitInfo, readCommits } from "./read-commits.js";
import type { Spawn } from "./run-git.js";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "shoulders-commits-"));
  roots.push(dir);
  return dir;
}

// The machine's own git config (signing, hooks, default branch) must not change the fixtures.
const FIXTURE_ENV = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };

function git(dir: string, args: string[], env: Record<string, string> = {}, input?: string): string {
  return execFileSync("git", args, { cwd: dir, env: { ...FIXTURE_ENV, ...env }, encoding: "utf8", input });
}

type Who = { name: string; email: string; date: string };

function commit(dir: string, author: Who, message: string, committer: Who = author, extra: string[] = []): string {
  git(
    dir,
    ["-c", `user.name=${author.name}`, "-c", `user.email=${author.email}`, "commit", "-q", "--allow-empty", "-m", message, ...extra],
    {
      GIT_AUTHOR_DATE: author.date,
      GIT_COMMITTER_NAME: committer.name,
      GIT_COMMITTER_EMAIL: committer.email,
      GIT_COMMITTER_DATE: committer.date,
    },
  );
  return git(dir, ["rev-parse", "HEAD"]).trim();
}

function initRepo(): string {
  const dir = tempDir();
  git(dir, ["init", "-q"]);
  git(dir, ["symbolic-ref", "HEAD", "refs/heads/main"]);
  return dir;
}

async function collect(commits: AsyncIterable<CommitInfo>): Promise<CommitInfo[]> {
  const all: CommitInfo[] = [];
  for await (const commit of commits) all.push(commit);
  return all;
}

function countingSpawn(): { spawn: Spawn; calls: string[][]; children: ChildProcess[] } {
  const calls: string[][] = [];
  const children: ChildProcess[] = [];
  return {
    calls,
    children,
    spawn: (command, args, options) => {
      calls.push([...args]);
      const child = spawn(command, args, options);
      children.push(child);
      return child;
    },
  };
}

const alice = { name: "Alice Example", email: "alice@example.org", date: "2026-11-03T10:00:00+02:00" };
const bot = { name: "github-actions[bot]", email: "41898282+github-actions[bot]@users.noreply.github.com", date: "2026-11-04T09:30:15Z" };
const merger = { name: "Merge Queue", email: "queue@example.org", date: "2026-11-04T12:00:00-05:00" };
const zoe = { name: `Zoë "Z" O'Neil | ops`, email: "zoe@example.org", date: "2026-11-05T00:00:01+00:00" };

describe("readCommits", () => {
  let repo: string;
  const sha: Record<string, string> = {};

  beforeAll(() => {
    repo = initRepo();
    writeFileSync(join(repo, "README.md"), "one\ntwo\n");
    writeFileSync(join(repo, "logo.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 0, 255]));
    git(repo, ["add", "."]);
    sha.first = commit(repo, alice, "Add the readme and the logo\n\nA body that is not the subject.");

    writeFileSync(join(repo, "README.md"), "one\nTWO\nthree\n");
    git(repo, ["add", "."]);
    sha.trailers = commit(
      repo,
      bot,
      [
        "Update the readme",
        "",
        "Co-authored-by: Bob Builder <bob@example.org>",
        "Co-authored-by: Carol <183+carol@users.noreply.github.com>",
        "Signed-off-by: Alice Example <alice@example.org>",
      ].join("\n"),
      merger,
    );
    git(repo, ["tag", "v1"]);

    mkdirSync(join(repo, "docs"));
    git(repo, ["mv", "README.md", "docs/README.md"]);
    sha.rename = commit(repo, zoe, `Move the readme ("docs") | <b>`);

    git(repo, ["checkout", "-q", "-b", "side"]);
    writeFileSync(join(repo, "side.txt"), "side\n");
    git(repo, ["add", "."]);
    sha.side = commit(repo, { ...alice, date: "2026-11-06T00:00:00Z" }, "Side work");
    git(repo, ["checkout", "-q", "main"]);
    writeFileSync(join(repo, "main.txt"), "a\nb\n");
    git(repo, ["add", "."]);
    sha.main = commit(repo, { ...zoe, date: "2026-11-06T01:00:00Z" }, "Main work");
    git(repo, ["-c", "user.name=Merge Queue", "-c", "user.email=queue@example.org", "merge", "-q", "--no-ff", "-m", "Merge side", "side"], {
      GIT_AUTHOR_DATE: "2026-11-07T00:00:00Z",
      GIT_COMMITTER_DATE: "2026-11-07T00:00:00Z",
    });
    sha.merge = git(repo, ["rev-parse", "HEAD"]).trim();
  });

  it("reads every field of a root commit, counting a binary file with no lines", async () => {
    const [first] = await collect(readCommits(repo));
    expect(first).toEqual({
      sha: sha.first,
      parents: [],
      author: { name: "Alice Example", email: "alice@example.org" },
      committer: { name: "Alice Example", email: "alice@example.org" },
      authoredAt: "2026-11-03T08:00:00Z",
      committedAt: "2026-11-03T08:00:00Z",
      coAuthors: [],
      signedOffBy: [],
      stats: { files: 2, insertions: 2, deletions: 0 },
      paths: ["README.md", "logo.png"],
      subject: "Add the readme and the logo",
    });
  });

  it("reads co-author and sign-off trailers, and a committer other than the author", async () => {
    const commits = await collect(readCommits(repo));
    expect(commits.find((c) => c.sha === sha.trailers)).toEqual({
      sha: sha.trailers,
      parents: [sha.first],
      author: { name: "github-actions[bot]", email: "41898282+github-actions[bot]@users.noreply.github.com" },
      committer: { name: "Merge Queue", email: "queue@example.org" },
      authoredAt: "2026-11-04T09:30:15Z",
      committedAt: "2026-11-04T17:00:00Z",
      coAuthors: [
        { name: "Bob Builder", email: "bob@example.org" },
        { name: "Carol", email: "183+carol@users.noreply.github.com" },
      ],
      signedOffBy: [{ name: "Alice Example", email: "alice@example.org" }],
      stats: { files: 1, insertions: 2, deletions: 1 },
      paths: ["README.md"],
      subject: "Update the readme",
    });
  });

  it("keeps quotes, Unicode and | in names and subjects, and counts a rename as one file with both paths", async () => {
    const commits = await collect(readCommits(repo));
    const rename = commits.find((c) => c.sha === sha.rename)!;
    expect(rename.author).toEqual({ name: `Zoë "Z" O'Neil | ops`, email: "zoe@example.org" });
    expect(rename.subject).toBe(`Move the readme ("docs") | <b>`);
    expect(rename.authoredAt).toBe("2026-11-05T00:00:01Z");
    expect(rename.stats).toEqual({ files: 1, insertions: 0, deletions: 0 });
    expect(rename.paths).toEqual(["README.md", "docs/README.md"]);
  });

  it("lists a merge's parents and gives it no stats", async () => {
    const commits = await collect(readCommits(repo));
    const merge = commits.find((c) => c.sha === sha.merge)!;
    expect(merge.parents).toEqual([sha.main, sha.side]);
    expect(merge.stats).toEqual({ files: 0, insertions: 0, deletions: 0 });
    expect(merge.paths).toEqual([]);
    expect(merge.committer).toEqual({ name: "Merge Queue", email: "queue@example.org" });
    expect(merge.subject).toBe("Merge side");
  });

  it("reads all reachable commits, parents before children, with one git process", async () => {
    const counter = countingSpawn();
    const commits = await collect(readCommits(repo, { spawn: counter.spawn }));
    expect(counter.calls).toHaveLength(1);
    expect(counter.calls[0]).toContain("log");
    expect(commits.map((c) => c.sha).sort()).toEqual(Object.values(sha).sort());
    const seen = new Set<string>();
    for (const c of commits) {
      for (const parent of c.parents) expect(seen.has(parent)).toBe(true);
      seen.add(c.sha);
    }
    expect(commits.slice(0, 3).map((c) => c.sha)).toEqual([sha.first, sha.trailers, sha.rename]);
    expect(commits.at(-1)!.sha).toBe(sha.merge);
  });

  it.each([
    ["a tag range", () => "v1..HEAD", () => [sha.rename, sha.main, sha.side, sha.merge]],
    ["a sha range", () => `${sha.first}..${sha.rename}`, () => [sha.trailers, sha.rename]],
    ["one revision and its ancestors", () => sha.trailers!, () => [sha.first, sha.trailers]],
    ["a branch", () => "side", () => [sha.first, sha.trailers, sha.rename, sha.side]],
  ])("reads %s", async (_, range, expected) => {
    const commits = await collect(readCommits(repo, { range: range() }));
    expect(commits.map((c) => c.sha).sort()).toEqual(expected().sort());
  });

  it("leaves out the commits in skip", async () => {
    const skip = new Set([sha.first!, sha.merge!]);
    const commits = await collect(readCommits(repo, { skip }));
    expect(commits.map((c) => c.sha).sort()).toEqual([sha.trailers, sha.rename, sha.side, sha.main].sort());
  });

  it("refuses an invalid range with a one-line GIT_ERROR", async () => {
    const failure = collect(readCommits(repo, { range: "no-such-tag..HEAD" }));
    await expect(failure).rejects.toMatchObject({ name: "ShouldersError", code: "GIT_ERROR" });
    const error = await failure.catch((e: Error) => e);
    expect(error.message).toMatch(/^git log failed: fatal: .*no-such-tag/);
    expect(error.message).not.toContain("\n");
  });

  it("treats a range that looks like an option as a revision, never as an option", async () => {
    const target = join(tempDir(), "written-by-git");
    await expect(collect(readCommits(repo, { range: `--output=${target}` }))).rejects.toMatchObject({ code: "GIT_ERROR" });
    expect(existsSync(target)).toBe(false);
  });
});

describe("readCommits at the edges", () => {
  it("yields nothing for a repository without commits", async () => {
    expect(await collect(readCommits(initRepo()))).toEqual([]);
  });

  it("refuses a range in a repository without commits", async () => {
    await expect(collect(readCommits(initRepo(), { range: "HEAD~1..HEAD" }))).rejects.toMatchObject({ code: "GIT_ERROR" });
  });

  it("says a directory outside any repository is not a git repository", async () => {
    const dir = tempDir();
    await expect(collect(readCommits(dir))).rejects.toMatchObject({
      code: "NOT_A_GIT_REPOSITORY",
      message: `${dir} is not inside a git repository; run the command in your clone or pass \`dir\``,
    });
    await expect(collect(readCommits(join(dir, "missing")))).rejects.toMatchObject({ code: "NOT_A_GIT_REPOSITORY" });
  });

  it("reports a missing git binary as GIT_ERROR", async () => {
    const repo = initRepo();
    commit(repo, alice, "One commit, so that the failure is not taken for an empty history");
    const missing: Spawn = (_, args, options) => spawn("/nonexistent/bin/git", args, options);
    await expect(collect(readCommits(repo, { spawn: missing }))).rejects.toMatchObject({
      code: "GIT_ERROR",
      message: "git is not installed or not on PATH",
    });
  });

  it("keeps reading records after hostile names and paths that hold its own separators", async () => {
    const repo = initRepo();
    const marker = `\x1e${"a".repeat(40)}`;
    // fast-import takes names and paths byte for byte (paths C-quoted), so they can hold the separators we parse on.
    const stream = [
      "commit refs/heads/main",
      "mark :1",
      "author E\x1evil\x1f <evil@example.org> 1700000000 +0000",
      "committer C <c@example.org> 1700000000 +0000",
      "data 5",
      "evil",
      `M 644 inline "\\036${"a".repeat(40)}"`,
      "data 2",
      "x",
      `M 644 inline "tab\\there\\nnewline"`,
      "data 2",
      "y",
      "",
      "commit refs/heads/main",
      "mark :2",
      "author D <d@example.org> 1700000001 +0000",
      "committer D <d@example.org> 1700000001 +0000",
      "data 7",
      "rename",
      "from :1",
      `R "\\036${"a".repeat(40)}" "${"b".repeat(40)}"`,
      "",
    ].join("\n");
    git(repo, ["fast-import", "--quiet"], {}, stream);
    git(repo, ["reset", "-q"]); // fast-import leaves the index empty; fill it so the next commit only adds
    writeFileSync(join(repo, "after.txt"), "after\n");
    git(repo, ["add", "after.txt"]);
    const last = commit(repo, alice, "After");

    const commits = await collect(readCommits(repo));
    expect(commits).toHaveLength(3);
    expect(commits[0]!.author).toEqual({ name: "E\x1evil\x1f", email: "evil@example.org" });
    expect(commits[0]!.paths.sort()).toEqual([marker, "tab\there\nnewline"].sort());
    expect(commits[1]!.paths).toEqual([marker, "b".repeat(40)]);
    expect(commits[1]!.stats.files).toBe(1);
    expect(commits[2]).toMatchObject({ sha: last, subject: "After", paths: ["after.txt"] });
  });

  it("names a broken commit (NUL in its header) in a coded error, and reads past it with a range or skip", async () => {
    const repo = initRepo();
    const base = commit(repo, alice, "Base");
    const tree = git(repo, ["rev-parse", "HEAD^{tree}"]).trim();
    // git fsck calls this nulInHeader; hash-object --literally writes it anyway, as an attacker's tool would.
    const raw = `tree ${tree}\nparent ${base}\nauthor N\0ul <n@example.org> 1700000002 +0000\ncommitter C <c@example.org> 1700000002 +0000\n\nsub\0ject\n`;
    const broken = git(repo, ["hash-object", "-t", "commit", "-w", "--literally", "--stdin"], {}, raw).trim();
    git(repo, ["update-ref", "refs/heads/main", broken]);
    const last = commit(repo, alice, "After");

    await expect(collect(readCommits(repo))).rejects.toMatchObject({
      code: "GIT_ERROR",
      message: `commit ${broken} has no valid author date; git fsck reports it as broken`,
    });
    expect((await collect(readCommits(repo, { range: `${broken}..HEAD` }))).map((c) => c.sha)).toEqual([last]);
    expect((await collect(readCommits(repo, { skip: new Set([broken]) }))).map((c) => c.sha)).toEqual([base, last]);
  });

  it("reads a 64 MB subject in linear time", async () => {
    const repo = initRepo();
    const subject = "x".repeat(64 * 1024 * 1024);
    writeFileSync(join(repo, "message"), subject);
    git(repo, ["-c", "user.name=A", "-c", "user.email=a@example.org", "commit", "-q", "--allow-empty", "-F", "message"]);
    const start = performance.now();
    const [only] = await collect(readCommits(repo));
    expect(only!.subject.length).toBe(subject.length);
    // Re-scanning the pending text on every 64 KiB chunk would take tens of seconds here.
    expect(performance.now() - start).toBeLessThan(10_000);
  });

  it("reads a 2,000-commit history with one git process, quickly", async () => {
    const repo = bigRepo();
    const counter = countingSpawn();
    const start = performance.now();
    const commits = await collect(readCommits(repo, { spawn: counter.spawn }));
    const elapsed = performance.now() - start;
    expect(counter.calls).toHaveLength(1);
    expect(commits).toHaveLength(BIG);
    expect(commits[0]).toMatchObject({ parents: [], subject: "change 1", authoredAt: "2023-11-14T22:13:21Z" });
    expect(commits[BIG - 1]).toMatchObject({ parents: [commits[BIG - 2]!.sha], subject: `change ${BIG}`, paths: [`file-${BIG % 50}.txt`] });
    expect(commits.every((c) => c.stats.files === 1 && c.stats.insertions === 1)).toBe(true);
    expect(elapsed).toBeLessThan(5000);
  });

  it("kills git when the caller stops early", async () => {
    const counter = countingSpawn();
    for await (const c of readCommits(bigRepo(), { spawn: counter.spawn })) {
      expect(c.subject).toBe("change 1");
      break;
    }
    const child = counter.children[0]!;
    if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once("close", resolve));
    // The output is far larger than a pipe holds, so git was still writing: it ends by our kill or by the pipe we
    // closed, never by finishing.
    expect(["SIGTERM", "SIGPIPE"]).toContain(child.signalCode);
  });
});

const BIG = 2000;
let big: string | undefined;

/** A linear history of BIG commits by three authors, made in one fast-import run. */
function bigRepo(): string {
  if (big !== undefined) return big;
  const repo = initRepo();
  const lines: string[] = [];
  for (let i = 1; i <= BIG; i++) {
    const who = ["Ann <ann@example.org>", "Ben <ben@example.org>", "Cy <cy@example.org>"][i % 3];
    const message = `change ${i}`;
    const content = `line ${i}\n`;
    lines.push(
      "commit refs/heads/main",
      `mark :${i}`,
      `author ${who} ${1_700_000_000 + i} +0000`,
      `committer ${who} ${1_700_000_000 + i} +0000`,
    );
    lines.push(`data ${Buffer.byteLength(message)}`, message);
    if (i > 1) lines.push(`from :${i - 1}`);
    lines.push(`M 644 inline file-${i % 50}.txt`, `data ${Buffer.byteLength(content)}`, content);
  }
  git(repo, ["fast-import", "--quiet"], {}, `${lines.join("\n")}\n`);
  big = repo;
  return repo;
}
