import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { AttributionIndex, predicateValidators } from "@shoulders/attribution";
import {
  createKeySigner,
  generateSecretKey,
  initLedger,
  openLedger,
  publicKeyFromSecret,
  readEntries,
  STATEMENT_TYPE,
  type Statement,
} from "@shoulders/ledger";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { shoulders } from "../support/cli.js";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import { tempDir } from "../support/ledger.js";
import {
  commitFiles,
  dev,
  type Fixture,
  git,
  makeFixture,
  maya,
  ORIGIN,
  type Person,
  pull,
  pushPayload,
  rows,
  runnerCheckout,
  ZERO,
  zoe,
} from "./fixtures.js";
import { type ActionRun, runAction } from "./run-action.js";

const BOT = "shoulders-bot <41898282+github-actions[bot]@users.noreply.github.com>";

let fake: FakeGitHub;
const fixtures: Fixture[] = [];
beforeAll(async () => {
  fake = await startFakeGitHub();
});
afterAll(async () => {
  await fake.close();
  for (const fixture of fixtures) fixture.cleanup();
});
afterEach(() => {
  // Every request any action made must be one GitHub's OpenAPI description knows, with a body that fits it.
  expect(fake.problems()).toEqual([]);
  fake.readOnly = false;
  fake.failures = {};
});

async function fixture(options?: Parameters<typeof makeFixture>[0]): Promise<Fixture> {
  const made = await makeFixture(options);
  fixtures.push(made);
  return made;
}

/** Runs the record action for a push of before..after, from a fresh checkout of `after`. */
async function record(
  f: Fixture,
  push: { before: string; after: string; authors?: Person[]; checkout?: string },
  inputs: Record<string, string> = {},
  apiUrl = fake.url,
): Promise<ActionRun> {
  const workspace = push.checkout ?? runnerCheckout(f, push.after);
  const commits = (push.authors ?? []).map((author) => ({ id: push.after, author }));
  return runAction("record", {
    workspace,
    eventName: "push",
    payload: pushPayload({ before: push.before, after: push.after, commits }),
    inputs: { "signing-key": f.key, ...inputs },
    apiUrl,
    sha: push.after,
  });
}

/** The ledger on the remote's main branch, verified, as readers see it. */
function remoteLedger(f: Fixture): { index: AttributionIndex; treeSize: number; dir: string } {
  const { dir } = tempDir("shoulders-remote-view-");
  git(f.root, "clone", "-q", f.remote, dir);
  const read = readEntries({ dir, predicates: predicateValidators() });
  return { index: new AttributionIndex(read.entries, read.registry), treeSize: read.treeSize, dir };
}

const head = (dir: string) => git(dir, "rev-parse", "HEAD");
const remoteHead = (f: Fixture) => git(f.remote, "rev-parse", "main");

describe("the record action", () => {
  it("records a first push (before 000…0): its commits and the declared dataset, signs, pushes [skip ci], reports", async () => {
    const f = await fixture();
    const after = head(f.maya);
    const run = await record(f, { before: ZERO, after, authors: [maya] });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({ entries: "2", "tree-size": "2", root: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/) });

    // One bot commit on top of the pushed one, touching only the ledger.
    expect(git(f.remote, "log", "--format=%an <%ae>|%s|%P", "-1", "main")).toBe(
      `${BOT}|chore(attribution): record 2 entries [skip ci]|${after}`,
    );
    expect(
      git(f.remote, "show", "--name-only", "--format=", "main")
        .split("\n")
        .every((path) => path.startsWith(".attribution/")),
    ).toBe(true);

    const { index, treeSize, dir } = remoteLedger(f);
    expect(treeSize).toBe(2);
    expect([...index.commits.keys()]).toEqual([after]);
    const version = index.dataset("acme/reviews");
    // The payload's username turns Maya's address into her GitHub identity.
    expect(version.predicate).toMatchObject({
      version: "1",
      records: 3,
      license: "CC-BY-4.0",
      contributors: [{ identity: "github:maya", records: 3 }],
    });
    expect(version.predicate.source).toEqual({ uri: `git+${ORIGIN}`, revision: after });
    expect(shoulders(["verify"], { cwd: dir }).code).toBe(0);

    // Story 1, step 4: the commit status and the job summary show the new checkpoint.
    const status = fake.statuses.find((s) => s.sha === after);
    expect(status).toMatchObject({
      state: "success",
      context: "shoulders/ledger",
      target_url: "https://github.example/acme/sentiment/actions/runs/4242",
    });
    expect(status?.description).toBe(`checkpoint: 2 entries, root ${run.outputs.root}`);
    expect(fake.requests.at(-1)?.authorization).toBe("token ghs_testtoken000000000000000000000000000");
    expect(run.summary).toContain("### Shoulders: recorded 2 entries");
    expect(run.summary).toContain(`Checkpoint: 2 entries, root ${run.outputs.root}`);
    expect(run.summary).toMatch(/\| acme\/reviews \| dataset \| 1 \| CC-BY-4.0 \| 3 records from 1 contributor \| 1 \|/);

    // The key is masked for the runner and never printed otherwise.
    const lines = run.stdout.split("\n").filter((line) => line.includes(f.key));
    expect(lines).toEqual([`::add-mask::${f.key}`]);
  });

  it("records the next push: a merged pull request's pending statement and data, crediting each author's rows", async () => {
    const f = await fixture();
    const first = head(f.maya);
    expect((await record(f, { before: ZERO, after: first, authors: [maya] })).code).toBe(0);
    pull(f.maya);
    const before = head(f.maya);

    // Dev has no log key: Maya declared his key, his statement is pending, and his 2,000 rows are in a commit of his own.
    const devKey = generateSecretKey();
    await openLedger(f.maya).addSigner(createKeySigner(f.seed), {
      publicKey: publicKeyFromSecret(devKey),
      identity: "github:dev",
      roles: ["record"],
    });
    git(f.maya, "add", ".attribution");
    commitFiles(f.maya, maya, "Declare Dev's key", {});
    await openLedger(f.maya).propose(
      {
        _type: STATEMENT_TYPE,
        subject: [{ name: "note", digest: { sha256: "ab".repeat(32) } }],
        predicateType: "https://example.org/note/v1",
        predicate: { text: "labelled by hand" },
      },
      createKeySigner(devKey),
    );
    git(f.maya, "add", ".attribution/pending");
    commitFiles(f.maya, dev, "Add 2,000 labelled reviews", { "data/dev.jsonl": rows(2000, "dev") });
    const after = commitFiles(f.maya, maya, "Fix a typo", { "README.md": "# sentiment, fixed\n" });
    git(f.maya, "push", "-q", "origin", "main");

    const run = await record(f, { before, after, authors: [dev, maya] });
    expect(run.code).toBe(0);
    // 1 pending statement + 1 commit statement (three commits) + 1 dataset version, after Maya's key statement.
    expect(run.outputs.entries).toBe("3");
    expect(run.outputs["tree-size"]).toBe("6");

    const { index, dir } = remoteLedger(f);
    // Integrated pending files are deleted (git keeps no empty folder).
    expect(existsSync(join(dir, ".attribution", "pending"))).toBe(false);
    const v2 = index.dataset("acme/reviews");
    expect(v2.predicate).toMatchObject({
      version: "2",
      records: 2003,
      previous: { version: "1" },
      // v2 credits everyone whose rows are in it: Maya carried over, Dev for what he added.
      contributors: [
        { identity: "github:dev", records: 2000 },
        { identity: "github:maya", records: 3 },
      ],
    });
    // The three pushed commits, the first push, and the first run's own ledger commit below `before` (ledger-only).
    expect(index.commits.size).toBe(5);
    expect(run.summary).toContain("acme/reviews@&#8203;2: 2,003 records in 2 files; added by github:dev (2,000).");
    expect(shoulders(["verify"], { cwd: dir }).code).toBe(0);

    // Idempotent: the same push recorded again, from the ledger's new head, adds nothing and pushes nothing.
    const tip = remoteHead(f);
    const again = await record(f, { before, after, authors: [dev, maya], checkout: runnerCheckout(f, tip) });
    expect(again.code).toBe(0);
    expect(again.outputs.entries).toBe("0");
    expect(remoteHead(f)).toBe(tip);
    expect(again.summary).toContain("Nothing new to push.");
  });

  it("never countersigns a merged pull request's statement by a key the log does not know: it stays pending, and says so", async () => {
    const f = await fixture();
    const first = head(f.maya);
    expect((await record(f, { before: ZERO, after: first, authors: [maya] })).code).toBe(0);
    pull(f.maya);
    const before = head(f.maya);
    // A throw-away key "corrects" the owner's revenue: were the log key to countersign it, it would pass as the owner's.
    const { path } = await openLedger(f.maya).propose(
      {
        _type: STATEMENT_TYPE,
        subject: [{ name: "model:acme/sentiment", digest: { sha256: "ab".repeat(32) } }],
        predicateType: "https://shoulders.dev/attribution/usage/v1",
        predicate: {
          artifact: "acme/sentiment",
          period: { start: "2026-11-01", end: "2026-11-30" },
          uses: 1,
          revenue: { amount: "999999.00", currency: "USD" },
        },
      },
      createKeySigner(generateSecretKey()),
    );
    git(f.maya, "add", ".attribution/pending");
    const after = commitFiles(f.maya, zoe, "Merge pull request #7 from zoe/fix-revenue", {});
    git(f.maya, "push", "-q", "origin", "main");

    const run = await record(f, { before, after, authors: [zoe] });
    expect(run.code).toBe(0);
    const digest = basename(path, ".json");
    expect(run.stdout).toContain(`not integrated: pending/${digest}.json is authored (first signed) by no key this log authorises`);
    expect(run.stdout).toContain(`shoulders integrate --approve ${digest}`);
    const { index, dir } = remoteLedger(f);
    expect(index.usage).toEqual([]);
    expect(existsSync(join(dir, ".attribution", "pending", `${digest}.json`))).toBe(true);
    // The pending file is not an error of the ledger: it waits for a maintainer, who may approve exactly this file.
    expect(shoulders(["verify"], { cwd: dir }).code).toBe(0);
    const approve = shoulders(["integrate", "--approve", digest], { cwd: dir, env: { SHOULDERS_SIGNING_KEY: f.key } });
    expect(approve.stdout, approve.stderr).toMatch(/^integrated \S+ as entry \d+ \(countersigned\)$/m);
  });

  it("retries when the branch moved under it: fetches, records again on the new head, and pushes", async () => {
    const f = await fixture();
    const after = head(f.maya);
    const workspace = runnerCheckout(f, after);
    // Zoe pushes between the checkout and the action's push.
    const zoeCommit = commitFiles(f.maya, zoe, "Zoe's docs", { "docs.md": "docs\n" });
    git(f.maya, "push", "-q", "origin", "main");

    const run = await record(f, { before: ZERO, after, authors: [maya], checkout: workspace });
    expect(run.code).toBe(0);
    expect(run.annotations).toContainEqual(
      expect.objectContaining({
        level: "warning",
        message: expect.stringMatching(/^The push was rejected \(.*\): fetching main and recording again \(attempt 2 of 3\)\.$/),
      }),
    );
    // Zoe's commit is kept: the ledger commit sits on top of it.
    expect(git(f.remote, "log", "--format=%H", "-2", "main").split("\n")[1]).toBe(zoeCommit);
    const { index, dir } = remoteLedger(f);
    expect(index.commits.has(after)).toBe(true);
    expect(shoulders(["verify"], { cwd: dir }).code).toBe(0);
    expect(run.summary).toContain("after 2 attempts");
  });

  it("fails clearly when every push is rejected, after the configured attempts", async () => {
    const f = await fixture();
    writeFileSync(join(f.remote, "hooks", "pre-receive"), "#!/bin/sh\necho 'GH006: Protected branch update failed' >&2\nexit 1\n", {
      mode: 0o755,
    });
    const after = head(f.maya);
    const run = await record(f, { before: ZERO, after, authors: [maya] }, { attempts: "2" });
    expect(run.code).toBe(1);
    expect(run.annotations.filter((a) => a.level === "warning" && a.message.startsWith("The push was rejected"))).toHaveLength(1);
    expect(run.annotations.at(-1)).toMatchObject({
      level: "error",
      message: expect.stringMatching(/^GIT_ERROR: could not push the ledger to main after 2 attempts: .*pre-receive hook declined/),
    });
    expect(remoteHead(f)).toBe(after);
  });

  it("names the permission to add when the token may not push", async () => {
    const f = await fixture();
    // What GitHub answers a token without contents: write.
    writeFileSync(
      join(f.remote, "hooks", "pre-receive"),
      "#!/bin/sh\necho 'Permission to acme/sentiment.git denied to github-actions[bot].' >&2\nexit 1\n",
      { mode: 0o755 },
    );
    const run = await record(f, { before: ZERO, after: head(f.maya), authors: [maya] });
    expect(run.code).toBe(1);
    expect(run.annotations.filter((a) => a.message.startsWith("The push was rejected"))).toEqual([]);
    expect(run.annotations.at(-1)?.message).toMatch(
      /^GIT_ERROR: pushing the ledger to main was refused \(.*\): the workflow needs `permissions: contents: write`/,
    );
  });

  it("records a forced push without crediting what it dropped", async () => {
    const f = await fixture();
    expect((await record(f, { before: ZERO, after: head(f.maya), authors: [maya] })).code).toBe(0);
    pull(f.maya);
    const base = head(f.maya);
    const dropped = commitFiles(f.maya, zoe, "A change that will be dropped", { "data/zoe.jsonl": rows(50, "zoe") });
    git(f.maya, "push", "-q", "origin", "main");
    // The runner for the forced push has seen the dropped commit (a previous run's clone).
    const workspace = runnerCheckout(f, dropped);
    git(f.maya, "reset", "-q", "--hard", base);
    const after = commitFiles(f.maya, dev, "Dev's rows instead", { "data/dev.jsonl": rows(10, "dev") });
    git(f.maya, "push", "-q", "--force", "origin", "main");
    git(workspace, "fetch", "-q", "origin");
    git(workspace, "checkout", "-q", "-B", "main", after);

    const run = await record(f, { before: dropped, after, authors: [dev], checkout: workspace });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`a forced push: ${base.slice(0, 7)}..${after.slice(0, 7)} (the commits it dropped are not credited)`);
    const { index } = remoteLedger(f);
    expect(index.commits.has(after)).toBe(true);
    expect(index.commits.has(dropped)).toBe(false);
    expect(index.dataset("acme/reviews").predicate.contributors).toEqual([
      { identity: "github:dev", records: 10 },
      { identity: "github:maya", records: 3 },
    ]);
  });

  it("refuses a push that rewrote the ledger's history, with an annotation on the checkpoint", async () => {
    const f = await fixture();
    expect((await record(f, { before: ZERO, after: head(f.maya), authors: [maya] })).code).toBe(0);
    pull(f.maya);
    const before = head(f.maya);
    // Someone holding the log key drops the recorded entries and re-signs: valid signatures, rewritten history.
    const { dir: forged } = tempDir();
    await initLedger({ dir: forged, origin: ORIGIN, signer: createKeySigner(f.seed) });
    const note = (n: number): Statement => ({
      _type: STATEMENT_TYPE,
      subject: [{ name: `note ${n}`, digest: { sha256: String(n).repeat(64).slice(0, 64) } }],
      predicateType: "https://example.org/note/v1",
    });
    await openLedger(forged).append([note(1), note(2), note(3)], createKeySigner(f.seed));
    for (const file of ["checkpoint", "log/000000.jsonl"])
      writeFileSync(join(f.maya, ".attribution", file), readFileSync(join(forged, ".attribution", file)));
    git(f.maya, "add", ".attribution");
    const after = commitFiles(f.maya, maya, "Tidy the ledger", {});
    git(f.maya, "push", "-q", "origin", "main");
    const tip = remoteHead(f);

    const run = await record(f, { before, after, authors: [maya] });
    expect(run.code).toBe(1);
    expect(run.annotations).toContainEqual({
      level: "error",
      properties: { title: "Shoulders", file: ".attribution/checkpoint" },
      message: expect.stringMatching(/^NOT_APPEND_ONLY: the log does not extend the trusted checkpoint of 2 entries/),
    });
    expect(run.annotations.at(-1)?.message).toMatch(/^NOT_APPEND_ONLY: the ledger does not verify, so nothing was recorded/);
    expect(remoteHead(f)).toBe(tip);
  });

  it("fails on a corrupted ledger, naming the log line, and pushes nothing", async () => {
    const f = await fixture();
    expect((await record(f, { before: ZERO, after: head(f.maya), authors: [maya] })).code).toBe(0);
    pull(f.maya);
    const before = head(f.maya);
    const log = join(f.maya, ".attribution", "log", "000000.jsonl");
    const lines = readFileSync(log, "utf8").split("\n");
    lines[1] = (lines[1] as string).replace(/"sig":"(.)/, (_, c: string) => `"sig":"${c === "A" ? "B" : "A"}`);
    writeFileSync(log, lines.join("\n"));
    const after = commitFiles(f.maya, maya, "Oops", { ".attribution/log/000000.jsonl": lines.join("\n") });
    git(f.maya, "push", "-q", "origin", "main");
    const tip = remoteHead(f);

    const run = await record(f, { before, after, authors: [maya] });
    expect(run.code).toBe(1);
    const onLine = run.annotations.find((a) => a.properties.file === ".attribution/log/000000.jsonl");
    expect(onLine).toMatchObject({
      level: "error",
      properties: { line: "2" },
      message: expect.stringMatching(/^(SIGNATURE_INVALID|BASE64_INVALID): entry 1/),
    });
    expect(remoteHead(f)).toBe(tip);
  });

  it("fails with a message naming the secret when the signing key is missing, and never echoes a bad key", async () => {
    const f = await fixture();
    const after = head(f.maya);
    const missing = await record(f, { before: ZERO, after }, { "signing-key": "" });
    expect(missing.code).toBe(1);
    expect(missing.annotations).toEqual([
      {
        level: "error",
        properties: {},
        message: expect.stringMatching(/^KEY_MISSING: the signing-key input is empty: add the repository secret SHOULDERS_SIGNING_KEY/),
      },
    ]);

    const bad = "c2VjcmV0LWJ1dC1ub3QtYS1rZXk=";
    const malformed = await record(f, { before: ZERO, after }, { "signing-key": bad });
    expect(malformed.code).toBe(1);
    expect(malformed.annotations.at(-1)?.message).toMatch(/^KEY_INVALID: the signing-key input \(secret SHOULDERS_SIGNING_KEY\)/);
    expect(`${malformed.stdout}${malformed.stderr}`.split(bad).length - 1).toBe(1); // only in ::add-mask::

    const stranger = await record(f, { before: ZERO, after }, { "signing-key": Buffer.from(generateSecretKey()).toString("base64") });
    expect(stranger.code).toBe(1);
    expect(stranger.annotations.at(-1)?.message).toMatch(
      /^UNAUTHORISED_SIGNER: this key \(keyid [0-9a-f]{16}…\) is not a log key of github.com\/acme\/sentiment\/attribution .*SHOULDERS_SIGNING_KEY/,
    );
    expect(remoteHead(f)).toBe(after);
  });

  it("does nothing for a push that only holds its own ledger commits", async () => {
    const f = await fixture();
    const first = head(f.maya);
    expect((await record(f, { before: ZERO, after: first, authors: [maya] })).code).toBe(0);
    const tip = remoteHead(f);
    // What a PAT-triggered run for the bot's own push looks like.
    const run = await record(f, { before: first, after: tip });
    expect(run.code).toBe(0);
    expect(run.annotations).toEqual([
      { level: "notice", properties: {}, message: "This push only holds the ledger's own commits: nothing to record." },
    ]);
    expect(run.outputs).toMatchObject({ entries: "0", "tree-size": "2" });
    expect(remoteHead(f)).toBe(tip);
  });

  it("warns and succeeds when GitHub will not take the commit status after the ledger is pushed (a 404)", async () => {
    const f = await fixture();
    const after = head(f.maya);
    fake.failures["repos/create-commit-status"] = 404;
    const run = await record(f, { before: ZERO, after, authors: [maya] });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const warnings = run.annotations.filter((a) => a.level === "warning");
    expect(warnings).toEqual([
      {
        level: "warning",
        properties: {},
        message: expect.stringMatching(
          /^Setting the commit status shoulders\/ledger on [0-9a-f]{12} failed with HTTP 404 \(Not Found.*\)\. .*`statuses: write`.* The ledger is recorded and pushed all the same\.$/,
        ),
      },
    ]);
    expect(run.annotations.filter((a) => a.level === "error")).toEqual([]);
    expect(fake.statuses.filter((s) => s.sha === after)).toEqual([]);
    // The ledger went out before the status was tried, and it is whole.
    expect(git(f.remote, "log", "--format=%s", "-1", "main")).toBe("chore(attribution): record 2 entries [skip ci]");
    const { treeSize, dir } = remoteLedger(f);
    expect(treeSize).toBe(2);
    expect(shoulders(["verify"], { cwd: dir }).code).toBe(0);
    expect(run.outputs).toMatchObject({ entries: "2", "tree-size": "2" });
    expect(run.summary).toContain("### Shoulders: recorded 2 entries");
  });

  it("works against GitHub Enterprise Server's API path, hashes a large dataset in its worker, and names a missing permission", async () => {
    const ghes = await startFakeGitHub({ prefix: "/api/v3" });
    ghes.readOnly = true;
    try {
      const f = await fixture();
      // Over 8 MiB, so the hasher starts a worker thread from dist/hash-worker.js.
      const after = commitFiles(f.maya, dev, "A big batch", { "data/big.jsonl": rows(120_000, "bulk") });
      git(f.maya, "push", "-q", "origin", "main");
      const run = await record(f, { before: ZERO, after, authors: [maya, dev] }, {}, ghes.url);
      expect(run.code).toBe(0);
      expect(ghes.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /repos/acme/sentiment/statuses/${after}`]);
      expect(ghes.problems()).toEqual([]);
      expect(run.annotations).toContainEqual(
        expect.objectContaining({ level: "warning", message: expect.stringContaining("the token needs `statuses: write`") }),
      );
      const version = remoteLedger(f).index.dataset("acme/reviews").predicate;
      expect(version.records).toBe(120_003);
      expect(version.contributors).toEqual([
        { identity: "github:dev", records: 120_000 },
        { identity: "github:maya", records: 3 },
      ]);
    } finally {
      await ghes.close();
    }
  });
});
