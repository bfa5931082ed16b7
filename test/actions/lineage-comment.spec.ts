import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { POLICY_PREDICATE_TYPE, USAGE_PREDICATE_TYPE } from "@shoulders/attribution";
import {
  createKeySigner,
  formatSecretKey,
  generateSecretKey,
  keyIdOf,
  openLedger,
  publicKeyFromSecret,
  STATEMENT_TYPE,
  type Statement,
  toBase64,
} from "@shoulders/ledger";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { shoulders } from "../support/cli.js";
import { ACTIONS_BOT, type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import {
  commitFiles,
  dev,
  type Fixture,
  git,
  makeFixture,
  maya,
  mergeCheckout,
  openPullRequest,
  pull,
  pullRequestPayload,
  pushPayload,
  rows,
  runnerCheckout,
  ZERO,
} from "./fixtures.js";
import { type ActionRun, runAction } from "./run-action.js";

const MARKER = "<!-- shoulders:lineage-comment -->";

let fake: FakeGitHub;
const fixtures: Fixture[] = [];
// What GET /pulls/{n}/commits answers: GitHub's login for each author address.
const pullCommits: Record<number, { sha: string; email: string; login: string | null }[]> = {};
beforeAll(async () => {
  fake = await startFakeGitHub({ pullCommits });
});
afterAll(async () => {
  await fake.close();
  for (const fixture of fixtures) fixture.cleanup();
});
afterEach(() => {
  expect(fake.problems()).toEqual([]);
  fake.readOnly = false;
});

/** acme/sentiment after its first recorded push: acme/reviews@1 holds Maya's 3 rows. */
async function recorded(): Promise<Fixture> {
  const f = await makeFixture();
  fixtures.push(f);
  const after = git(f.maya, "rev-parse", "HEAD");
  const run = await runAction("record", {
    workspace: runnerCheckout(f, after),
    eventName: "push",
    payload: pushPayload({ before: ZERO, after, commits: [{ id: after, author: maya }] }),
    inputs: { "signing-key": f.key, "commit-status": "false" },
    apiUrl: fake.url,
    sha: after,
  });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  pull(f.maya);
  return f;
}

/**
 * Story 5 on top of recorded(): Tomo's run ft-1 on acme/reviews@1 released as acme/sentiment, and an inference
 * provider, declared with the usage role, reporting 480.00 USD for November, all on main.
 */
async function withRevenue(): Promise<{ f: Fixture; provider: Uint8Array; receipt: number }> {
  const f = await recorded();
  const out = join(f.root, "out");
  mkdirSync(out);
  writeFileSync(join(out, "model.safetensors"), Buffer.alloc(1000, 1));
  const provider = generateSecretKey();
  const cli = (args: string[], key = f.key) => {
    const result = shoulders([...args, "--json"], { cwd: f.maya, env: { SHOULDERS_SIGNING_KEY: key } });
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout);
  };
  cli(["record", "run", "--id", "ft-1", "--output", out, "--dataset", "acme/reviews", "--trainer", "github:tomo"]);
  cli(["record", "release", out, "--id", "acme/sentiment", "--license", "apache-2.0", "--from-run", "ft-1"]);
  const publicKey = toBase64(publicKeyFromSecret(provider));
  cli(["trust", "add", "--public-key", publicKey, "--identity", "ci:inference/provider", "--role", "usage"]);
  const usage = ["record", "usage", "--artifact", "acme/sentiment", "--uses", "1200000", "--revenue", "480.00", "--currency", "USD"];
  cli([...usage, "--period", "2026-11-01/2026-11-30"], formatSecretKey(provider));
  const receipt = cli(["integrate"]).integrated[0].index as number;
  git(f.maya, "add", ".attribution");
  commitFiles(f.maya, maya, "Release acme/sentiment with November's receipt", {});
  git(f.maya, "push", "-q", "origin", "main");
  return { f, provider, receipt };
}

/** A pending file as `seed`'s holder proposes it to the ledger on main, for a pull request to commit. */
async function proposed(f: Fixture, statement: Statement, seed: Uint8Array): Promise<{ name: string; bytes: Buffer }> {
  const { path } = await openLedger(f.maya).propose(statement, createKeySigner(seed));
  const bytes = readFileSync(path);
  rmSync(path);
  return { name: basename(path), bytes };
}

function commitPending(dir: string, files: readonly { name: string; bytes: Buffer }[], message: string): void {
  mkdirSync(join(dir, ".attribution", "pending"), { recursive: true });
  for (const file of files) writeFileSync(join(dir, ".attribution", "pending", file.name), file.bytes);
  git(dir, "add", ".attribution/pending");
  commitFiles(dir, dev, message, {});
}

function novemberReceipt(amount: string, extra: { uses?: number; supersedes?: number } = {}): Statement {
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: "model:acme/sentiment", digest: { sha256: "ab".repeat(32) } }],
    predicateType: USAGE_PREDICATE_TYPE,
    predicate: {
      artifact: "acme/sentiment",
      period: { start: "2026-11-01", end: "2026-11-30" },
      uses: extra.uses ?? 1,
      revenue: { amount, currency: "USD" },
      ...(extra.supersedes === undefined ? {} : { supersedes: extra.supersedes }),
    },
  };
}

const short = (seed: Uint8Array) => keyIdOf(publicKeyFromSecret(seed)).slice(0, 16);

function comment(
  f: Fixture,
  number: number,
  head: string,
  options: { event?: string; workspace?: string; action?: "opened" | "synchronize"; fork?: boolean } = {},
): Promise<ActionRun> {
  const event = options.event ?? "pull_request_target";
  pullCommits[number] = [maya, dev].map((who) => ({ sha: head, email: who.email, login: who.login ?? null }));
  return runAction("lineage-comment", {
    // pull_request_target checks out the base; pull_request the merge commit.
    workspace:
      options.workspace ??
      (event === "pull_request_target" ? runnerCheckout(f, git(f.remote, "rev-parse", "main")) : mergeCheckout(f, number)),
    eventName: event,
    payload: pullRequestPayload({
      action: options.action ?? "opened",
      number,
      base: { ref: "main", sha: git(f.remote, "rev-parse", "main") },
      head: { ref: "more-data", sha: head, repo: options.fork === false ? "acme/sentiment" : "dev/sentiment" },
    }),
    apiUrl: fake.url,
    ref: `refs/pull/${number}/merge`,
  });
}

const ours = (number: number) => fake.comments.filter((c) => c.issue === number && c.body.includes(MARKER));

describe("the lineage-comment action", () => {
  it("comments once on a fork's pull request, safely on pull_request_target, and updates that comment on every push", async () => {
    const f = await recorded();
    // A busy pull request: the bot's comment must be found past the first page of 100.
    for (let i = 0; i < 120; i++) fake.addComment(7, `comment ${i}`);
    const secret = join(f.root, "runner-secret.jsonl");
    writeFileSync(secret, rows(5, "secret"));
    const first = openPullRequest(f, 7, (dir) => {
      commitFiles(dir, dev, "Add 2,000 labelled reviews", { "data/dev.jsonl": rows(2000, "dev") });
      // A link to a file on the runner must never be read as data.
      symlinkSync(secret, join(dir, "data", "secret.jsonl"));
      git(dir, "add", "data/secret.jsonl");
      commitFiles(dir, dev, "Add a link", {});
    });
    fake.requests.length = 0;
    const workspace = runnerCheckout(f, git(f.remote, "rev-parse", "main"));
    const base = git(workspace, "rev-parse", "HEAD");
    const run = await comment(f, 7, first.head, { workspace });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ changed: "true", "comment-url": expect.stringContaining("#issuecomment-") });

    expect(ours(7)).toHaveLength(1);
    const body = ours(7)[0]?.body as string;
    expect(body.startsWith(`${MARKER}\n### Shoulders: lineage changes`)).toBe(true);
    expect(body).toContain("| acme/reviews | 1 → 2 | 2,003 | 2 | CC-BY-4.0 |");
    expect(body).toContain("Records per contributor in acme/reviews@&#8203;2:");
    expect(body).toContain("| github:dev | 0 | 2,000 | +2,000 |");
    expect(body).toContain("#### New contributors\n\n- github:dev");
    expect(body).toContain("| acme/reviews | github:dev | — → 99.8502% |");
    expect(body).toContain("| acme/reviews | github:maya | 100% → 0.1498% |");
    expect(body).toMatch(/```mermaid\nflowchart TD\n[\s\S]*acme\/reviews@2[\s\S]*github:dev[\s\S]*```/);
    expect(body).toContain("data/secret.jsonl is a symbolic link; it was not read.");
    expect(body).not.toContain("secret review");
    // The request went through the API the way GitHub documents it: two pages of comments, who the token is (GraphQL's
    // viewer), then one create.
    expect(fake.requests.map((r) => r.operationId)).toEqual([
      "pulls/list-commits",
      "issues/list-comments",
      "issues/list-comments",
      "graphql",
      "issues/create-comment",
    ]);

    // Nothing of the pull request was checked out, let alone run: the work tree is the base, clean.
    expect(git(workspace, "rev-parse", "HEAD")).toBe(base);
    expect(git(workspace, "status", "--porcelain")).toBe("");
    expect(existsSync(join(workspace, "data", "dev.jsonl"))).toBe(false);

    // Dev pushes 500 more rows: the same comment is updated, not duplicated.
    const second = openPullRequest(
      f,
      7,
      (dir) => {
        commitFiles(dir, dev, "500 more", { "data/dev.jsonl": rows(2500, "dev") });
      },
      { from: first.head },
    );
    fake.requests.length = 0;
    const again = await comment(f, 7, second.head, { action: "synchronize" });
    expect(again.code).toBe(0);
    expect(ours(7)).toHaveLength(1);
    expect(ours(7)[0]?.body).toContain("| github:dev | 0 | 2,500 | +2,500 |");
    expect(fake.requests.map((r) => r.operationId)).toContain("issues/update-comment");
    expect(fake.requests.map((r) => r.operationId)).not.toContain("issues/create-comment");

    // Run again with nothing new: the identical comment is left alone.
    fake.requests.length = 0;
    expect((await comment(f, 7, second.head, { action: "synchronize" })).code).toBe(0);
    expect(fake.requests.map((r) => r.operationId)).toEqual([
      "pulls/list-commits",
      "issues/list-comments",
      "issues/list-comments",
      "graphql",
    ]);
  });

  it("never writes into the pull request author's copy of its marker: it comments itself and updates only that", async () => {
    const f = await recorded();
    const first = openPullRequest(f, 8, (dir) => {
      commitFiles(dir, dev, "Add rows", { "data/dev.jsonl": rows(20, "dev") });
    });
    // Dev posts the marker first: were the bot to update this comment, its report would carry his name and he could
    // then edit it, say into "no lineage changes".
    const planted = fake.addComment(8, `${MARKER}\nplaceholder`, { login: "dev", id: 4242, type: "User" });
    expect((await comment(f, 8, first.head)).code).toBe(0);
    const second = openPullRequest(f, 8, (dir) => commitFiles(dir, dev, "More rows", { "data/dev.jsonl": rows(30, "dev") }), {
      from: first.head,
    });
    fake.requests.length = 0;
    const run = await comment(f, 8, second.head, { action: "synchronize" });
    expect(run.code).toBe(0);
    expect(fake.requests.map((r) => r.operationId)).toContain("issues/update-comment");

    expect(fake.comments.find((c) => c.id === planted.id)?.body).toBe(`${MARKER}\nplaceholder`);
    const bots = ours(8).filter((c) => c.user.id === ACTIONS_BOT.id);
    expect(bots).toHaveLength(1);
    expect(bots[0]?.body).toContain("| github:dev | 0 | 30 | +30 |");
    expect(run.outputs["comment-url"]).toBe(bots[0]?.html_url);
  });

  it("writes the report to the job summary, and says why, when a fork's token may not comment", async () => {
    const f = await recorded();
    const pr = openPullRequest(f, 11, (dir) => {
      commitFiles(dir, dev, "Add rows", { "data/dev.jsonl": rows(20, "dev") });
    });
    fake.readOnly = true;
    const run = await comment(f, 11, pr.head, { event: "pull_request" });
    expect(run.code).toBe(0);
    expect(ours(11)).toHaveLength(0);
    expect(run.outputs).toEqual({ changed: "true" });
    const notice = run.annotations.find((a) => a.level === "notice");
    expect(notice?.message).toMatch(
      /^Did not comment: this pull request comes from the fork dev\/sentiment, and GitHub gives workflows on fork pull requests a read-only token\./,
    );
    expect(notice?.message).toContain("the token needs `pull-requests: write`");
    expect(run.summary).toContain("> Did not comment: this pull request comes from the fork dev/sentiment");
    expect(run.summary).toContain("| github:dev | 0 | 20 | +20 |");
  });

  it("says no lineage changes when a pull request changes nothing in the lineage", async () => {
    const f = await recorded();
    const pr = openPullRequest(f, 12, (dir) => {
      commitFiles(dir, maya, "Reword the readme", { "README.md": "# sentiment\n\nBetter words.\n" });
    });
    const run = await comment(f, 12, pr.head, { fork: false });
    expect(run.code).toBe(0);
    expect(run.outputs.changed).toBe("false");
    expect(ours(12)[0]?.body).toContain("### Shoulders: no lineage changes");
    expect(ours(12)[0]?.body).not.toContain("```mermaid");
  });

  it("says that a statement by a key the log does not know will not be recorded by the merge, and how to approve it", async () => {
    const f = await recorded();
    // A throw-away key "corrects" the owner's November revenue, as a pending file anyone can write.
    const thrown = generateSecretKey();
    const file = await proposed(f, novemberReceipt("999999.00"), thrown);
    const pr = openPullRequest(f, 14, (dir) => commitPending(dir, [file], "Fix November revenue"));
    const run = await comment(f, 14, pr.head, { fork: false });
    expect(run.code).toBe(0);
    const body = ours(14)[0]?.body ?? "";
    // Refused, so it changes nothing; but it touches money, so it is the first thing a reviewer reads, decoded.
    expect(body.startsWith(`${MARKER}\n### Shoulders: :warning: money and trust changes\n\n#### Money and trust\n`)).toBe(true);
    expect(body).toContain(
      `| .attribution/pending/${file.name} | usage receipt | ${short(thrown)} (**a key this log does not know**) | acme/sentiment, 2026-11-01/2026-11-30: 1 uses, 999999.00 USD | **not recorded**: `,
    );
    expect(body).toContain(`shoulders integrate --approve ${basename(file.name, ".json")}`);
    expect(body).not.toContain("no lineage changes");
    expect(run.outputs.changed).toBe("true");
  });

  it("puts issue 13's attack at the top: each pending receipt decoded, and November's revenue and payouts before → after", async () => {
    const { f, provider, receipt } = await withRevenue();
    const thrown = generateSecretKey();
    // The attack: a throw-away key supersedes the provider's receipt. Its twin from the declared usage key counts.
    const forged = await proposed(f, novemberReceipt("999999.00", { supersedes: receipt }), thrown);
    const corrected = await proposed(f, novemberReceipt("999999.00", { uses: 1_200_000, supersedes: receipt }), provider);
    const pr = openPullRequest(f, 15, (dir) => commitPending(dir, [forged, corrected], "Fix November revenue"));
    const run = await comment(f, 15, pr.head, { fork: false });
    expect(run.code).toBe(0);
    expect(run.outputs.changed).toBe("true");
    const body = ours(15)[0]?.body ?? "";
    expect(body.startsWith(`${MARKER}\n### Shoulders: :warning: money and trust changes\n\n#### Money and trust\n`)).toBe(true);
    expect(body).toContain(
      `| .attribution/pending/${forged.name} | usage receipt | ${short(thrown)} (**a key this log does not know**) | acme/sentiment, 2026-11-01/2026-11-30: 1 uses, 999999.00 USD, supersedes entry ${receipt} | **not recorded**: `,
    );
    expect(body).toMatch(
      new RegExp(
        `\\| \\.attribution/pending/${corrected.name} \\| usage receipt \\| ${short(provider)} \\(ci:inference/provider\\) \\| acme/sentiment, 2026-11-01/2026-11-30: 1,200,000 uses, 999999\\.00 USD, supersedes entry ${receipt} \\| entry \\d+ \\|`,
      ),
    );
    expect(body).toContain("**Revenue reported**, before → after:\n\n- acme/sentiment, November 2026: 480.00 USD → 999999.00 USD\n");
    // Every party's November payout, as `shoulders split` computes it: Tomo trained it, Maya wrote the code and the rows.
    expect(body).toContain("| acme/sentiment | November 2026 | github:tomo | 168.00 USD → 349999.65 USD |");
    expect(body).toContain("| acme/sentiment | November 2026 | github:maya | 312.00 USD → 649999.35 USD |");
    expect(body).not.toContain("no lineage changes");
  });

  it("shows a pending split policy at the top with the payout shares it changes", async () => {
    const { f } = await withRevenue();
    const policy: Statement = {
      _type: STATEMENT_TYPE,
      subject: [{ name: "model:acme/sentiment", digest: { sha256: "cd".repeat(32) } }],
      predicateType: POLICY_PREDICATE_TYPE,
      predicate: {
        artifact: "acme/sentiment",
        upstream: 0,
        inputs: { datasets: 1_000_000, baseModels: 0 },
        own: { trainer: 1_000_000, code: 0, codeWeighting: "commits" },
      },
    };
    // Signed by the log key: a maintainer's own policy, which the merge records and which moves every share.
    const file = await proposed(f, policy, f.seed);
    const pr = openPullRequest(f, 16, (dir) => commitPending(dir, [file], "Pay the trainer everything"));
    const run = await comment(f, 16, pr.head, { fork: false });
    expect(run.code).toBe(0);
    const body = ours(16)[0]?.body ?? "";
    expect(body.startsWith(`${MARKER}\n### Shoulders: :warning: money and trust changes\n\n#### Money and trust\n`)).toBe(true);
    expect(body).toMatch(
      new RegExp(
        `\\| split policy \\| ${short(f.seed)} \\(the log key\\) \\| acme/sentiment: upstream 0% \\(datasets 100%, base models 0%\\), own 100% \\(trainer 100%, code 0% by commits\\), for revenue reported from now on \\| entry \\d+ \\|`,
      ),
    );
    const shares = body.indexOf("#### Payout shares");
    expect(shares).toBeGreaterThan(0);
    expect(body.indexOf("#### Lineage changes") === -1 || body.indexOf("#### Lineage changes") > shares).toBe(true);
    expect(body).toContain("| acme/sentiment | github:tomo | 35% → 100% |");
    expect(body).toContain("| acme/sentiment | github:maya | 65% → — |");
  });

  it("puts a key and a receipt that a pull request appended to the log itself, not as pending files, at the top", async () => {
    const { f } = await withRevenue();
    // A holder of the log key appends on a branch: a new usage reporter, and the owner's own receipt for November.
    git(f.maya, "checkout", "-q", "-b", "raw-lines");
    const reporter = generateSecretKey();
    const ledger = openLedger(f.maya);
    await ledger.addSigner(createKeySigner(f.seed), {
      publicKey: publicKeyFromSecret(reporter),
      identity: "ci:mallory/reports",
      roles: ["usage"],
    });
    await ledger.append([novemberReceipt("20.00")], createKeySigner(f.seed));
    git(f.maya, "add", ".attribution");
    const head = commitFiles(f.maya, dev, "Report more", {});
    git(f.maya, "push", "-q", "origin", "HEAD:refs/pull/17/head");
    git(f.maya, "checkout", "-q", "main");

    const run = await comment(f, 17, head, { fork: false });
    expect(run.code).toBe(0);
    const body = ours(17)[0]?.body ?? "";
    expect(body.startsWith(`${MARKER}\n### Shoulders: :warning: money and trust changes\n\n#### Money and trust\n`)).toBe(true);
    expect(body).toMatch(
      new RegExp(
        `\\| log entry \\d+ \\| usage receipt \\| ${short(f.seed)} \\(the log key\\) \\| acme/sentiment, 2026-11-01/2026-11-30: 1 uses, 20\\.00 USD \\| appended to the log by the pull request itself \\|`,
      ),
    );
    expect(body).toMatch(new RegExp(`\\| ${short(reporter)} \\| ci:mallory/reports \\| added at entry \\d+, roles: usage \\|`));
    expect(body).toContain("- acme/sentiment, November 2026: 480.00 USD → 500.00 USD");
  });

  it("previews a dataset a pull request declares, and its license", async () => {
    const f = await recorded();
    const pr = openPullRequest(f, 13, (dir) => {
      commitFiles(dir, dev, "Add a second dataset", {
        ".attribution/config.yaml":
          "datasets:\n  - { path: data/, id: acme/reviews, license: cc-by-4.0, format: jsonl }\n  - { path: labels/, id: acme/labels, license: cc0-1.0, format: csv }\n",
        "labels/labels.csv": "id,label\n1,pos\n2,neg\n",
      });
    });
    const run = await comment(f, 13, pr.head);
    expect(run.code).toBe(0);
    const body = ours(13)[0]?.body as string;
    expect(body).toContain("| acme/labels | — → 1 | 2 | 1 | CC0-1.0 |");
    expect(body).toContain("| acme/labels | — → CC0-1.0 |");
    expect(body).toContain("| github:dev | 0 | 2 | +2 |");
  });
});
