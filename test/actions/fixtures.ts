/** Real git repositories, a bare remote and real webhook payloads for the actions' tests. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createKeySigner, formatSecretKey, generateSecretKey, initLedger } from "@shoulders/ledger";
import { REPO_ROOT } from "../support/cli.js";

export const ORIGIN = "github.com/acme/sentiment/attribution";
export const ZERO = "0".repeat(40);

const GIT_ENV = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1", GIT_TERMINAL_PROMPT: "0" };
for (const name of Object.keys(GIT_ENV))
  if (name.startsWith("GIT_") && !["GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "GIT_TERMINAL_PROMPT"].includes(name))
    delete (GIT_ENV as Record<string, unknown>)[name];

export function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd: dir, env: GIT_ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

export type Person = { name: string; email: string; login?: string };
export const maya: Person = { name: "Maya Maintainer", email: "maya@example.org", login: "maya" };
export const dev: Person = { name: "Dev Contributor", email: "dev@example.org", login: "dev" };
export const zoe: Person = { name: "Zoe", email: "zoe@example.org", login: "zoe" };

let clock = Date.parse("2026-11-01T10:00:00Z") / 1000;

/** Writes files (null deletes one), commits them as `who`, and returns the commit id. */
export function commitFiles(dir: string, who: Person, message: string, files: Record<string, string | Buffer | null>): string {
  for (const [path, content] of Object.entries(files)) {
    const target = join(dir, path);
    if (content === null) {
      rmSync(target, { force: true });
      git(dir, "rm", "-q", "--cached", "--ignore-unmatch", "--", path);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    git(dir, "add", "--", path);
  }
  const date = `${clock++} +0000`;
  execFileSync("git", ["-c", `user.name=${who.name}`, "-c", `user.email=${who.email}`, "commit", "-q", "--allow-empty", "-m", message], {
    cwd: dir,
    env: { ...GIT_ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
  return git(dir, "rev-parse", "HEAD");
}

/** `count` JSON lines, distinct per author and offset. */
export function rows(count: number, tag: string, from = 0): string {
  return Array.from({ length: count }, (_, i) => `{"text":"${tag} review ${from + i}","label":${(from + i) % 2}}\n`).join("");
}

export const CONFIG = "datasets:\n  - { path: data/, id: acme/reviews, license: cc-by-4.0, format: jsonl }\n";

export type Fixture = {
  root: string;
  /** The bare repository that plays GitHub. */
  remote: string;
  /** Maya's clone, where the history is written. */
  maya: string;
  seed: Uint8Array;
  /** The SHOULDERS_SIGNING_KEY secret. */
  key: string;
  cleanup(): void;
};

/**
 * acme/sentiment as story 1 starts it: a ledger initialised with Maya's log key, a dataset folder declared in
 * .attribution/config.yaml with 3 rows, pushed to main. Nothing is recorded yet.
 */
export async function makeFixture(options: { ledger?: boolean; data?: boolean } = {}): Promise<Fixture> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "shoulders-actions-")));
  const remote = join(root, "remote.git");
  git(root, "init", "-q", "--bare", "-b", "main", remote);
  const work = join(root, "maya");
  git(root, "clone", "-q", remote, work);
  git(work, "symbolic-ref", "HEAD", "refs/heads/main");
  const seed = generateSecretKey();
  if (options.ledger !== false) {
    await initLedger({ dir: work, origin: ORIGIN, signer: createKeySigner(seed) });
    writeFileSync(join(work, ".attribution", "config.yaml"), CONFIG);
  }
  const files: Record<string, string> = { "README.md": "# sentiment\n", "train.py": "print('train')\n" };
  if (options.data !== false) files["data/reviews.jsonl"] = rows(3, "maya");
  if (options.ledger !== false) git(work, "add", ".attribution");
  commitFiles(work, maya, "Start the sentiment model", files);
  git(work, "push", "-q", "origin", "main");
  return { root, remote, maya: work, seed, key: formatSecretKey(seed), cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** A fresh clone checked out at `sha` on `branch`, as actions/checkout leaves it for a push (fetch-depth: 0). */
export function runnerCheckout(fixture: Fixture, sha: string, branch = "main"): string {
  const dir = mkdtempSync(join(fixture.root, "runner-"));
  git(fixture.root, "clone", "-q", fixture.remote, dir);
  git(dir, "checkout", "-q", "-B", branch, sha);
  return dir;
}

/** Pushes Maya's clone and pulls the bot's commits back, as a maintainer does before the next change. */
export function pull(dir: string): void {
  git(dir, "pull", "-q", "--ff-only", "origin", "main");
}

// Real payloads, as GitHub sends them, patched to name our repository and commits.
const examples = createRequire(join(REPO_ROOT, "packages", "github", "package.json"))("@octokit/webhooks-examples") as {
  name: string;
  examples: Record<string, unknown>[];
}[];

function example(event: string, pick: (payload: Record<string, unknown>) => boolean): Record<string, unknown> {
  const found = examples.find((entry) => entry.name === event)?.examples.find(pick);
  if (found === undefined) throw new Error(`no ${event} example payload`);
  return structuredClone(found);
}

function repository(original: unknown, fullName: string, fork = false): Record<string, unknown> {
  const [owner, name] = fullName.split("/") as [string, string];
  const base = (original ?? {}) as Record<string, unknown>;
  return { ...base, name, full_name: fullName, fork, owner: { ...(base.owner as object), login: owner } };
}

export function pushPayload(options: {
  before: string;
  after: string;
  commits?: { id: string; author: Person }[];
  forced?: boolean;
  ref?: string;
}) {
  // A branch push that created the branch: the closest real example to a first push.
  const payload = example("push", (p) => p.ref === "refs/heads/master" && p.created === true);
  const commits = (options.commits ?? []).map((commit) => ({
    id: commit.id,
    message: "change",
    author: { name: commit.author.name, email: commit.author.email, ...(commit.author.login ? { username: commit.author.login } : {}) },
  }));
  return {
    ...payload,
    ref: options.ref ?? "refs/heads/main",
    before: options.before,
    after: options.after,
    created: options.before === ZERO,
    forced: options.forced === true,
    commits,
    head_commit: commits.at(-1) ?? null,
    repository: repository(payload.repository, "acme/sentiment"),
  };
}

export function pullRequestPayload(options: {
  action?: "opened" | "synchronize";
  number: number;
  base: { ref: string; sha: string };
  head: { ref: string; sha: string; repo: string };
}) {
  const action = options.action ?? "opened";
  const payload = example("pull_request", (p) => p.action === action);
  const pull = payload.pull_request as Record<string, unknown>;
  const fork = options.head.repo !== "acme/sentiment";
  const head = pull.head as Record<string, unknown>;
  const base = pull.base as Record<string, unknown>;
  return {
    ...payload,
    number: options.number,
    pull_request: {
      ...pull,
      number: options.number,
      head: { ...head, ref: options.head.ref, sha: options.head.sha, repo: repository(head.repo, options.head.repo, fork) },
      base: { ...base, ref: options.base.ref, sha: options.base.sha, repo: repository(base.repo, "acme/sentiment") },
    },
    repository: repository(payload.repository, "acme/sentiment"),
  };
}

/**
 * A pull request: `change` runs in a fresh clone of main (the contributor's fork) and commits; the head is pushed to
 * the remote as refs/pull/N/head, where GitHub keeps every pull request's head, forks included.
 */
export function openPullRequest(
  f: Fixture,
  number: number,
  change: (dir: string) => void,
  options: { from?: string } = {},
): { head: string; dir: string } {
  const dir = mkdtempSync(join(f.root, `pr-${number}-`));
  git(f.root, "clone", "-q", f.remote, dir);
  if (options.from !== undefined) git(dir, "checkout", "-q", options.from);
  change(dir);
  git(dir, "push", "-q", "--force", "origin", `HEAD:refs/pull/${number}/head`);
  return { head: git(dir, "rev-parse", "HEAD"), dir };
}

/** The checkout for a pull_request event: refs/pull/N/merge, the head merged into the base. */
export function mergeCheckout(f: Fixture, number: number): string {
  const dir = mkdtempSync(join(f.root, "runner-merge-"));
  git(f.root, "clone", "-q", f.remote, dir);
  git(dir, "fetch", "-q", "origin", `refs/pull/${number}/head`);
  execFileSync(
    "git",
    [
      "-c",
      "user.name=GitHub",
      "-c",
      "user.email=noreply@github.com",
      "merge",
      "-q",
      "--no-ff",
      "-m",
      `Merge ${number} into main`,
      "FETCH_HEAD",
    ],
    { cwd: dir, env: GIT_ENV },
  );
  return dir;
}
