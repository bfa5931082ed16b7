import { appendFileSync, cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createKeySigner, generateSecretKey, initLedger, openLedger, STATEMENT_TYPE, type Statement } from "@shoulders/ledger";
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
  mergeCheckout,
  ORIGIN,
  openPullRequest,
  pull,
  pullRequestPayload,
  pushPayload,
  rows,
  runnerCheckout,
  ZERO,
} from "./fixtures.js";
import { type ActionRun, runAction } from "./run-action.js";

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
  // verify needs no API at all.
  expect(fake.requests).toEqual([]);
});

const note = (text: string): Statement => ({
  _type: STATEMENT_TYPE,
  subject: [{ name: `note:${text}`, digest: { sha256: Buffer.from(text).toString("hex").padEnd(64, "0").slice(0, 64) } }],
  predicateType: "https://example.org/note/v1",
  predicate: { text },
});

/** A repository whose first push the record action has recorded: 2 entries on main. */
async function recorded(): Promise<Fixture> {
  const f = await makeFixture();
  fixtures.push(f);
  const after = git(f.maya, "rev-parse", "HEAD");
  const run = await runAction("record", {
    workspace: runnerCheckout(f, after),
    eventName: "push",
    payload: pushPayload({ before: ZERO, after }),
    inputs: { "signing-key": f.key, "commit-status": "false" },
    apiUrl: fake.url,
    sha: after,
  });
  expect(run.code).toBe(0);
  pull(f.maya);
  return f;
}

async function verifyPullRequest(f: Fixture, number: number, head: string, workspace = mergeCheckout(f, number)): Promise<ActionRun> {
  return runAction("verify", {
    workspace,
    eventName: "pull_request",
    payload: pullRequestPayload({
      number,
      base: { ref: "main", sha: git(f.remote, "rev-parse", "main") },
      head: { ref: "more-data", sha: head, repo: "dev/sentiment" },
    }),
    apiUrl: fake.url,
    ref: `refs/pull/${number}/merge`,
  });
}

const errors = (run: ActionRun) => run.annotations.filter((annotation) => annotation.level === "error");

describe("the verify action", () => {
  it("passes a fork's pull request that adds pending files and data, pinned to the base branch", async () => {
    const f = await recorded();
    // Dev works in his fork: a pending statement signed with his own key, and his rows.
    const { dir: fork } = tempDir();
    git(f.root, "clone", "-q", f.remote, fork);
    await openLedger(fork).propose(note("dev's labelling guide"), createKeySigner(generateSecretKey()));
    git(fork, "add", ".attribution/pending");
    const prHead = commitFiles(fork, dev, "Add 2,000 labelled reviews", { "data/dev.jsonl": rows(2000, "dev") });
    git(fork, "push", "-q", "origin", "HEAD:refs/pull/9/head");

    const run = await verifyPullRequest(f, 9, prHead);
    expect(run.code).toBe(0);
    expect(errors(run)).toEqual([]);
    expect(run.outputs).toEqual({ valid: "true", "tree-size": "2" });
    expect(run.summary).toContain("### Shoulders ledger: valid");
    expect(run.summary).toMatch(
      /Pinned to the base branch main at [0-9a-f]{12}: its trust.json and checkpoint; the log extends its 2 entries\./,
    );
    expect(run.summary).toMatch(/\| acme\/reviews \| dataset \| 1 \| CC-BY-4.0 \| 3 records from 1 contributor \| 1 \|/);
  });

  it("fails a pull request that rewrites the log, on the checkpoint", async () => {
    const f = await recorded();
    // Signed by the real log key, so every signature is valid: only the pinned base checkpoint can catch it.
    const { dir: forged } = tempDir();
    await initLedger({ dir: forged, origin: ORIGIN, signer: createKeySigner(f.seed) });
    await openLedger(forged).append([note("a"), note("b"), note("c")], createKeySigner(f.seed));
    const rewrite = openPullRequest(f, 4, (dir) => {
      for (const file of ["checkpoint", "log/000000.jsonl"])
        writeFileSync(join(dir, ".attribution", file), readFileSync(join(forged, ".attribution", file)));
      git(dir, "add", ".attribution");
      commitFiles(dir, dev, "Clean up the ledger", {});
    });

    const run = await verifyPullRequest(f, 4, rewrite.head);
    expect(run.code).toBe(1);
    expect(run.outputs).toEqual({ valid: "false", "tree-size": "3" });
    expect(errors(run)).toContainEqual({
      level: "error",
      properties: { title: "Shoulders verify", file: ".attribution/checkpoint" },
      message: "NOT_APPEND_ONLY: the log does not extend the trusted checkpoint of 2 entries: history was rewritten",
    });
    expect(errors(run).at(-1)?.message).toMatch(/^NOT_APPEND_ONLY: the ledger does not verify \(1 problem; see the annotations\)/);
    expect(run.summary).toContain("### Shoulders ledger: INVALID");
  });

  it("fails a pull request that adds raw log lines instead of pending files, even lines the log key signed", async () => {
    const f = await recorded();
    // A statement signed by the real log key, so the line verifies: it is still not the log writer's to cover.
    const { dir: other } = tempDir();
    await initLedger({ dir: other, origin: ORIGIN, signer: createKeySigner(f.seed) });
    await openLedger(other).append([note("a"), note("b"), note("sneaked in")], createKeySigner(f.seed));
    const line = readFileSync(join(other, ".attribution", "log", "000000.jsonl"), "utf8").split("\n")[2] as string;
    const raw = openPullRequest(f, 5, (dir) => {
      appendFileSync(join(dir, ".attribution", "log", "000000.jsonl"), `${line}\n`);
      git(dir, "add", ".attribution");
      commitFiles(dir, dev, "Record it directly", {});
    });

    const run = await verifyPullRequest(f, 5, raw.head);
    expect(run.code).toBe(1);
    expect(errors(run).map((annotation) => annotation.message)).toContainEqual(
      expect.stringMatching(/^UNCOMMITTED_TAIL: .*not committed yet.*add statements as \.attribution\/pending\/ files/),
    );
  });

  it("fails a pull request that swaps the root of trust", async () => {
    const f = await recorded();
    const attacker = generateSecretKey();
    const { dir: forged } = tempDir();
    await initLedger({ dir: forged, origin: ORIGIN, signer: createKeySigner(attacker) });
    await openLedger(forged).append([note("mine now")], createKeySigner(attacker));
    const swap = openPullRequest(f, 5, (dir) => {
      for (const file of ["trust.json", "checkpoint", "log/000000.jsonl"])
        writeFileSync(join(dir, ".attribution", file), readFileSync(join(forged, ".attribution", file)));
      git(dir, "add", ".attribution");
      commitFiles(dir, dev, "Rotate keys", {});
    });
    const run = await verifyPullRequest(f, 5, swap.head);
    expect(run.code).toBe(1);
    expect(run.outputs.valid).toBe("false");
    const codes = errors(run).map((annotation) => annotation.message.split(":")[0]);
    expect(codes).toContain("TRUST_INVALID");
    expect(errors(run).find((a) => a.message.startsWith("TRUST_INVALID"))).toMatchObject({
      properties: { file: ".attribution/trust.json" },
      message: expect.stringContaining("the root of trust; it is pinned to the base branch main's"),
    });
    // And under the pinned root the attacker's checkpoint does not verify either.
    expect(codes.some((code) => code?.startsWith("CHECKPOINT"))).toBe(true);
  });

  it("passes, with a notice, the pull request that creates the first ledger: it has nothing to extend", async () => {
    const f = await makeFixture({ ledger: false });
    fixtures.push(f);
    const { dir: started } = tempDir();
    await initLedger({ dir: started, origin: ORIGIN, signer: createKeySigner(f.seed) });
    const created = openPullRequest(f, 1, (dir) => {
      cpSync(join(started, ".attribution"), join(dir, ".attribution"), { recursive: true });
      git(dir, "add", ".attribution");
      commitFiles(dir, maya, "Start the attribution ledger", {});
    });
    const run = await verifyPullRequest(f, 1, created.head);
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({ valid: "true", "tree-size": "0" });
    expect(run.annotations).toEqual([
      {
        level: "notice",
        properties: { title: "Shoulders verify" },
        message: "The base branch main has no ledger yet: the first ledger has nothing to extend, so it is verified on its own.",
      },
    ]);
  });

  it("passes a repository with no ledger at all, with a notice", async () => {
    const f = await makeFixture({ ledger: false });
    fixtures.push(f);
    const sha = git(f.maya, "rev-parse", "HEAD");
    const run = await runAction("verify", {
      workspace: runnerCheckout(f, sha),
      eventName: "push",
      payload: pushPayload({ before: ZERO, after: sha }),
      apiUrl: fake.url,
      sha,
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({ valid: "true", "tree-size": "0" });
    expect(run.annotations).toEqual([
      expect.objectContaining({
        level: "notice",
        message: expect.stringMatching(/^No ledger here yet \(\.attribution\/ does not exist\): nothing to verify/),
      }),
    ]);
  });

  it("fails a corrupted ledger on push, annotating the exact log line", async () => {
    const f = await recorded();
    const log = join(f.maya, ".attribution", "log", "000000.jsonl");
    const lines = readFileSync(log, "utf8").split("\n");
    lines[1] = (lines[1] as string).replace(/"sig":"(.)/, (_, c: string) => `"sig":"${c === "A" ? "B" : "A"}`);
    const sha = commitFiles(f.maya, maya, "Oops", { ".attribution/log/000000.jsonl": lines.join("\n") });
    git(f.maya, "push", "-q", "origin", "main");
    const run = await runAction("verify", {
      workspace: runnerCheckout(f, sha),
      eventName: "push",
      payload: pushPayload({ before: ZERO, after: sha }),
      apiUrl: fake.url,
      sha,
    });
    expect(run.code).toBe(1);
    expect(run.outputs.valid).toBe("false");
    expect(errors(run)).toContainEqual({
      level: "error",
      properties: { title: "Shoulders verify", file: ".attribution/log/000000.jsonl", line: "2" },
      message: expect.stringMatching(/^SIGNATURE_INVALID: entry 1: the signature by key [0-9a-f]{16}… does not verify$/),
    });
  });

  it("refuses a pending file whose name is not its digest, on that file", async () => {
    const f = await recorded();
    const bad = openPullRequest(f, 6, (dir) => {
      commitFiles(dir, dev, "A pending statement", { [`.attribution/pending/${"0".repeat(64)}.json`]: '{"payloadType":"x"}\n' });
    });
    const run = await verifyPullRequest(f, 6, bad.head);
    expect(run.code).toBe(1);
    expect(errors(run)[0]).toEqual({
      level: "error",
      properties: { title: "Shoulders verify", file: `.attribution/pending/${"0".repeat(64)}.json` },
      message: `PENDING_INVALID: pending/${"0".repeat(64)}.json: the name is not the SHA-256 of its content`,
    });
  });

  it("checks license compatibility: an unaccepted conflict fails, or warns when asked", async () => {
    const f = await recorded();
    const env = { SHOULDERS_SIGNING_KEY: f.key };
    commitFiles(f.maya, maya, "Add weights and NC data", { "nc/rows.jsonl": rows(5, "nc"), "out/model.bin": "weights" });
    for (const args of [
      ["record", "dataset", "nc", "--id", "acme/nc", "--license", "cc-by-nc-4.0"],
      ["record", "run", "--id", "ft-1", "--output", "out", "--dataset", "acme/nc", "--trainer", "github:tomo"],
      ["record", "release", "out", "--id", "acme/sentiment-large", "--license", "apache-2.0", "--from-run", "ft-1"],
    ]) {
      const result = shoulders(args, { cwd: f.maya, env });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
    }
    git(f.maya, "add", ".attribution");
    const sha = commitFiles(f.maya, maya, "Record the release", {});
    git(f.maya, "push", "-q", "origin", "main");
    const workspace = runnerCheckout(f, sha);
    const strict = await runAction("verify", {
      workspace,
      eventName: "push",
      payload: pushPayload({ before: ZERO, after: sha }),
      apiUrl: fake.url,
      sha,
    });
    expect(strict.code).toBe(1);
    expect(errors(strict)[0]?.message).toMatch(
      /^LICENSE_CONFLICT: NC_INPUT_COMMERCIAL_OUTPUT: acme\/nc@1 \(CC-BY-NC-4.0\) → acme\/sentiment-large \(Apache-2.0\)/,
    );
    const lenient = await runAction("verify", {
      workspace,
      eventName: "push",
      payload: pushPayload({ before: ZERO, after: sha }),
      inputs: { "license-conflicts": "warning" },
      apiUrl: fake.url,
      sha,
    });
    expect(lenient.code).toBe(0);
    expect(lenient.annotations.some((a) => a.level === "warning" && a.message.startsWith("LICENSE_CONFLICT"))).toBe(true);
    expect(lenient.summary).toMatch(/\| acme\/sentiment-large \| model \| — \| Apache-2.0 \| acme\/nc@&#8203;1 \| 5 \|/);
  });
});
