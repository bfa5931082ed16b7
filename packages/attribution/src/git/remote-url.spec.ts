import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { commitSubjectName, normaliseRemoteUrl, remoteUrlOf } from "./remote-url.js";

const CANONICAL = "https://github.com/acme/sentiment";

describe("normaliseRemoteUrl", () => {
  it.each([
    ["git@github.com:acme/sentiment.git", CANONICAL],
    ["git@github.com:acme/sentiment", CANONICAL],
    ["github.com:acme/sentiment.git", CANONICAL],
    ["git@GitHub.COM:/acme/sentiment.git/", CANONICAL],
    ["ssh://git@github.com:22/acme/sentiment.git", CANONICAL],
    ["ssh://git@github.com/acme/sentiment", CANONICAL],
    ["git+ssh://git@github.com/acme/sentiment.git", CANONICAL],
    ["https://github.com/acme/sentiment.git", CANONICAL],
    ["https://github.com/acme/sentiment/", CANONICAL],
    ["HTTPS://GITHUB.COM/acme/sentiment.git", CANONICAL],
    ["http://github.com:8080/acme/sentiment", CANONICAL],
    ["https://user:token@github.com/acme/sentiment.git", CANONICAL],
    ["https://x-access-token:ghs_abc123@github.com/acme/sentiment", CANONICAL],
    ["https://user:p@ss@github.com/acme/sentiment.git", CANONICAL],
    ["https://github.com/acme/sentiment.git?private_token=glpat-123#frag", CANONICAL],
    ["git://github.com/acme/sentiment.git", CANONICAL],
    ["  https://github.com/acme/sentiment.git\n", CANONICAL],
    ["https://gitlab.example.org/group/sub/Project.git", "https://gitlab.example.org/group/sub/Project"],
    ["https://dev.azure.com/org/project/_git/repo", "https://dev.azure.com/org/project/_git/repo"],
  ])("%s → %s", (url, expected) => expect(normaliseRemoteUrl(url)).toBe(expected));

  it.each([
    "/srv/repo.git",
    "../repo",
    "./repo:with-colon",
    "repo",
    "file:///x",
    "file:///srv/repo.git",
    "C:\\repos\\sentiment",
    "C:/repos/sentiment",
    "ext::sh -c touch% /tmp/pwned",
    "https://github.com",
    "https://github.com/",
    "https://user:to/ken@github.com/acme/sentiment", // a token holding "/" must not land in the path
    "https://github.com/acme/sen%20timent",
    "https://github.com/acme/../../etc",
    "https://[::1]/acme/sentiment",
    "https://bad_host/acme/sentiment",
    "",
  ])("refuses %s", (url) => expect(normaliseRemoteUrl(url)).toBeUndefined());

  it("never lets a credential through, whatever the form", () => {
    for (const url of [
      "https://user:SECRETTOKEN@github.com/acme/sentiment.git",
      "ssh://SECRETTOKEN@github.com/acme/sentiment",
      "SECRETTOKEN@github.com:acme/sentiment",
      "https://SECRETTOKEN@github.com/acme/sentiment?SECRETTOKEN",
      "https://a:SECRET/TOKEN@github.com/acme/sentiment",
    ]) {
      expect(normaliseRemoteUrl(url) ?? "").not.toMatch(/SECRET|TOKEN/);
    }
  });
});

describe("commitSubjectName", () => {
  it("joins the base and the commit", () => {
    expect(commitSubjectName(CANONICAL, "a".repeat(40))).toBe(`git+${CANONICAL}@${"a".repeat(40)}`);
  });
});

describe("remoteUrlOf", () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  function repoWith(remotes: [string, string][]): string {
    const dir = mkdtempSync(join(tmpdir(), "shoulders-remote-"));
    roots.push(dir);
    const env = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
    execFileSync("git", ["init", "-q"], { cwd: dir, env });
    for (const [name, url] of remotes) execFileSync("git", ["remote", "add", name, url], { cwd: dir, env });
    return dir;
  }

  it("reads origin, stripping the token", () => {
    const dir = repoWith([
      ["upstream", "https://github.com/other/fork.git"],
      ["origin", "https://ci:ghs_secret@github.com/acme/sentiment.git"],
    ]);
    expect(remoteUrlOf(dir)).toBe(CANONICAL);
  });

  it("falls back to the first remote", () => {
    expect(
      remoteUrlOf(
        repoWith([
          ["my.fork", "git@github.com:me/fork.git"],
          ["upstream", "git@github.com:acme/x.git"],
        ]),
      ),
    ).toBe("https://github.com/me/fork");
  });

  it("is undefined without remotes, and for a local remote", () => {
    expect(remoteUrlOf(repoWith([]))).toBeUndefined();
    expect(remoteUrlOf(repoWith([["origin", "/srv/repo.git"]]))).toBeUndefined();
  });

  it("says a plain directory is not a git repository", () => {
    const dir = mkdtempSync(join(tmpdir(), "shoulders-remote-"));
    roots.push(dir);
    expect(() => remoteUrlOf(dir)).toThrow(expect.objectContaining({ code: "NOT_A_GIT_REPOSITORY" }));
  });
});
