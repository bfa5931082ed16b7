import { execFileSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parsePullRequestPayload } from "./pull-request.js";
import { loginsFromPush, pushRange } from "./push-range.js";

const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as { name: string; examples: Record<string, unknown>[] }[];
const realPush = () =>
  structuredClone(examples.find((e) => e.name === "push")?.examples.find((p) => p.ref === "refs/heads/master") as Record<string, unknown>);

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});
const env = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
const git = (dir: string, ...args: string[]) => execFileSync("git", args, { cwd: dir, env, encoding: "utf8" }).trim();

function history() {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "shoulders-range-")));
  roots.push(dir);
  git(dir, "init", "-q");
  const commit = (message: string) => {
    git(dir, "-c", "user.name=A", "-c", "user.email=a@example.org", "commit", "-q", "--allow-empty", "-m", message);
    return git(dir, "rev-parse", "HEAD");
  };
  const a = commit("a");
  const b = commit("b");
  const c = commit("c");
  git(dir, "checkout", "-q", "-b", "rewritten", b);
  const d = commit("d");
  return { dir, a, b, c, d };
}

const ZERO = "0".repeat(40);

describe("pushRange", () => {
  const h = history();
  const push = (before: string, after: string, extra: Record<string, unknown> = {}) => ({ ...realPush(), before, after, ...extra });

  it("reads a first push (before 000…0) as everything reachable from after", () => {
    expect(pushRange(push(ZERO, h.c), { repoDir: h.dir })).toMatchObject({ kind: "first", after: h.c, revisions: h.c });
  });
  it("reads a fast-forward as before..after", () => {
    expect(pushRange(push(h.a, h.c), { repoDir: h.dir })).toEqual({
      kind: "fast-forward",
      after: h.c,
      before: h.a,
      base: h.a,
      revisions: `${h.a}..${h.c}`,
      description: `${h.a.slice(0, 7)}..${h.c.slice(0, 7)}`,
    });
  });
  it("reads a forced push from the merge base, so the dropped commit is never credited", () => {
    expect(pushRange(push(h.c, h.d, { forced: true }), { repoDir: h.dir })).toMatchObject({
      kind: "forced",
      before: h.c,
      base: h.b,
      revisions: `${h.b}..${h.d}`,
    });
  });
  it("falls back to everything reachable when the old head is not in the clone", () => {
    const gone = "f".repeat(40);
    const range = pushRange(push(gone, h.d, { forced: true }), { repoDir: h.dir });
    expect(range).toMatchObject({ kind: "forced", revisions: h.d });
    expect(range.base).toBeUndefined();
  });
  it("says a deleted branch has nothing to record", () => {
    expect(pushRange(push(h.c, ZERO, { deleted: true }), { repoDir: h.dir }).kind).toBe("deleted");
  });
  it("refuses a payload that is not a push, and a pushed commit the clone lacks", () => {
    expect(() => pushRange({ ...realPush(), after: "HEAD" }, { repoDir: h.dir })).toThrow(
      expect.objectContaining({ code: "BAD_ARGUMENT" }),
    );
    expect(() => pushRange(push(ZERO, "e".repeat(40)), { repoDir: h.dir })).toThrow(
      expect.objectContaining({ code: "GIT_ERROR", message: expect.stringContaining("fetch-depth: 0") }),
    );
  });
});

describe("loginsFromPush", () => {
  it("maps each pushed commit's author address to the login GitHub resolved", () => {
    const payload = realPush();
    const commits = payload.commits as { author: { email: string; username?: string } }[];
    expect(commits.length).toBeGreaterThan(0);
    const logins = loginsFromPush(payload);
    for (const commit of commits)
      if (commit.author.username) expect(logins.get(commit.author.email.toLowerCase())).toBe(commit.author.username);
    expect(loginsFromPush({ ...payload, commits: [{ author: { email: "x@example.org", username: "not a login!" } }] }).size).toBe(0);
  });
});

describe("parsePullRequestPayload", () => {
  it("reads a real pull_request payload, and tells a fork's head from the base's own", () => {
    const real = structuredClone(
      examples.find((e) => e.name === "pull_request")?.examples.find((p) => p.action === "opened") as Record<string, unknown>,
    );
    const parsed = parsePullRequestPayload(real);
    expect(parsed).toMatchObject({ base: { ref: "master", repo: "Codertocat/Hello-World" }, fromFork: false });
    const pull = real.pull_request as { head: { repo: Record<string, unknown> } };
    pull.head.repo = { ...pull.head.repo, full_name: "dev/Hello-World", fork: true };
    expect(parsePullRequestPayload(real).fromFork).toBe(true);
  });
  it("refuses a base ref that could act as an option or climb a path", () => {
    const real = structuredClone(examples.find((e) => e.name === "pull_request")?.examples[0] as Record<string, unknown>);
    (real.pull_request as { base: { ref: string } }).base.ref = "--upload-pack=evil";
    expect(() => parsePullRequestPayload(real)).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
  });
});
