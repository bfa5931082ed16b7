/**
 * One verdict everywhere: the same good and tampered ledgers go through `shoulders verify` (a real process), the
 * bundled verify action (run as the runner runs it, on a push) and `shoulders hf verify` (against the fake Hub), and
 * all three must agree on valid or not, and on every error and warning code.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import {
  createKeySigner,
  encodeStatement,
  generateSecretKey,
  keyIdOf,
  layoutOf,
  publicKeyFromSecret,
  STATEMENT_TYPE,
  type Statement,
  segmentPath,
  serializeEnvelope,
  signEnvelope,
} from "@shoulders/ledger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "../actions/run-action.js";
import { shoulders, shouldersAsync } from "../support/cli.js";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import { FakeHub } from "../support/fake-hub.js";
import { bound, signHeadByHand, tempDir } from "../support/ledger.js";

const ORIGIN = "github.com/acme/sentiment/attribution";
const GIT = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };

let hub: FakeHub;
let github: FakeGitHub;
const cleanups: (() => void)[] = [];
beforeAll(async () => {
  hub = await FakeHub.start();
  github = await startFakeGitHub();
});
afterAll(async () => {
  await hub.close();
  await github.close();
  for (const cleanup of cleanups) cleanup();
});

type Case = { name: string; dir: string; key: string };

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd: dir, env: GIT, encoding: "utf8" }).trim();
}

/** A repository with a ledger and one release of acme/sentiment-large (its files in out/), as story 3 leaves it. */
function released(name: string, options: { datasetLicense?: string } = {}): Case {
  const { dir, cleanup } = tempDir(`shoulders-verdict-${name}-`);
  cleanups.push(cleanup);
  const key = Buffer.from(generateSecretKey()).toString("base64");
  const env = { SHOULDERS_SIGNING_KEY: key };
  const run = (...args: string[]) => {
    const result = shoulders(args, { cwd: dir, env });
    expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
  };
  run("init", "--origin", ORIGIN);
  mkdirSync(join(dir, "data"));
  mkdirSync(join(dir, "out"));
  writeFileSync(join(dir, "data", "reviews.jsonl"), '{"text":"good"}\n{"text":"bad"}\n');
  run("record", "dataset", "data", "--id", "acme/reviews", "--license", options.datasetLicense ?? "cc-by-4.0");
  writeFileSync(join(dir, "out", "model.safetensors"), Buffer.alloc(2048, 5));
  writeFileSync(join(dir, "out", "config.json"), "{}\n");
  run("record", "run", "--id", "ft-1", "--dataset", "acme/reviews:epochs=2", "--output", "out", "--trainer", "github:tomo");
  run("record", "release", "out", "--id", "acme/sentiment-large", "--license", "apache-2.0", "--from-run", "ft-1");
  return { name, dir, key };
}

function receipt(start: string, end: string): Statement {
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: "acme/sentiment-large", digest: { sha256: "a".repeat(64) } }],
    predicateType: "https://shoulders.dev/attribution/usage/v1",
    predicate: { artifact: "acme/sentiment-large", period: { start, end }, uses: 10, revenue: { amount: "1.00", currency: "USD" } },
  };
}

async function cases(): Promise<Case[]> {
  const good = released("good");

  const tampered = released("tampered");
  const segment = segmentPath(layoutOf(tampered.dir), 0);
  const lines = readFileSync(segment, "utf8").split("\n");
  const envelope = JSON.parse(lines[0] as string);
  const payload = Buffer.from(envelope.payload, "base64").toString("utf8").replace('"records":2', '"records":9');
  lines[0] = JSON.stringify({ ...envelope, payload: Buffer.from(payload).toString("base64") });
  writeFileSync(segment, lines.join("\n"));

  const revoked = released("revoked");
  const contributor = generateSecretKey();
  const seed = Buffer.from(revoked.key, "base64");
  const env = { SHOULDERS_SIGNING_KEY: revoked.key };
  const publicKey = Buffer.from(publicKeyFromSecret(contributor)).toString("base64");
  shoulders(["trust", "add", "--public-key", publicKey, "--identity", "github:dev"], { cwd: revoked.dir, env });
  shoulders(["trust", "revoke", keyIdOf(publicKeyFromSecret(contributor))], { cwd: revoked.dir, env });
  const late = await signEnvelope(encodeStatement(bound(receipt("2026-11-01", "2026-11-30"))), [createKeySigner(contributor)]);
  writeFileSync(segmentPath(layoutOf(revoked.dir), 0), `${serializeEnvelope(late)}\n`, { flag: "a" });
  signHeadByHand(revoked.dir, seed);

  const overlap = released("overlap");
  for (const [start, end] of [
    ["2026-11-01", "2026-11-30"],
    ["2026-11-15", "2026-12-15"],
  ]) {
    writeFileSync(join(overlap.dir, "receipt.json"), JSON.stringify(receipt(start as string, end as string)));
    const appended = shoulders(["append", "receipt.json"], { cwd: overlap.dir, env: { SHOULDERS_SIGNING_KEY: overlap.key } });
    expect(appended.code, appended.stderr).toBe(0);
  }

  const conflict = released("conflict", { datasetLicense: "cc-by-nc-4.0" });
  return [good, tampered, revoked, overlap, conflict];
}

type Outcome = { valid: boolean; errors: string[]; warnings: string[] };

function cliVerdict(dir: string): Outcome {
  const result = shoulders(["verify", "--json"], { cwd: dir });
  const json = JSON.parse(result.stdout);
  expect(result.code).toBe(json.valid ? 0 : 1);
  return {
    valid: json.valid,
    errors: json.errors.map((e: { code: string }) => e.code).sort(),
    warnings: json.warnings.map((w: { code: string }) => w.code).sort(),
  };
}

async function actionVerdict(dir: string): Promise<Outcome> {
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "-c", "user.name=Maya", "-c", "user.email=maya@example.org", "commit", "-q", "-m", "ledger");
  const after = git(dir, "rev-parse", "HEAD");
  const run = await runAction("verify", {
    workspace: dir,
    eventName: "push",
    payload: { ref: "refs/heads/main", before: "0".repeat(40), after, commits: [], repository: { full_name: "acme/sentiment" } },
    apiUrl: github.url,
    sha: after,
  });
  const coded = (level: string) =>
    run.annotations
      // The findings, not the job's closing core.setFailed line, which repeats the first one.
      .filter((a) => a.level === level && a.properties.title === "Shoulders verify" && /^[A-Z_]+: /.test(a.message))
      .map((annotation) => annotation.message.split(":")[0] as string)
      .sort();
  expect(run.outputs.valid).toBe(run.code === 0 ? "true" : "false");
  return { valid: run.code === 0, errors: coded("error"), warnings: coded("warning") };
}

/** The Hub repository holds what `hf upload` puts there: the release's files and the ledger. */
async function hubVerdict(dir: string, repo: string): Promise<Outcome> {
  const files: Record<string, Buffer> = {};
  for (const path of walk(join(dir, ".attribution"))) {
    const inside = relative(dir, path);
    if (/^\.attribution\/(?:trust\.json|checkpoint|log\/\d{6}\.jsonl)$/.test(inside)) files[inside] = readFileSync(path);
  }
  for (const name of readdirSync(join(dir, "out"))) files[name] = readFileSync(join(dir, "out", name));
  hub.createRepo("model", repo, files);
  const result = await shouldersAsync(["hf", "verify", repo, "--release", "acme/sentiment-large", "--hub-url", hub.url, "--json"], {
    cwd: dir,
    env: { HF_TOKEN: undefined, HF_ENDPOINT: undefined },
  });
  const json = JSON.parse(result.stdout);
  expect(result.code).toBe(json.valid ? 0 : 1);
  return {
    valid: json.valid,
    errors: json.errors.map((e: { code: string }) => e.code).sort(),
    warnings: json.warnings.map((w: { code: string }) => w.code).sort(),
  };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

describe("one verdict for the CLI, the verify action and hf verify", () => {
  it("agrees on valid and on every code, for good and tampered ledgers", async () => {
    const expected: Record<string, Partial<Outcome>> = {
      good: { valid: true, errors: [] },
      tampered: { valid: false },
      revoked: { valid: false },
      overlap: { valid: true, warnings: ["PREDICATE_INVALID"] },
      conflict: { valid: false, errors: ["LICENSE_CONFLICT"] },
    };
    for (const [position, c] of (await cases()).entries()) {
      const cli = cliVerdict(c.dir);
      const hubbed = await hubVerdict(c.dir, `acme/case-${position}`);
      const action = await actionVerdict(c.dir);
      expect(cli, c.name).toMatchObject(expected[c.name] as object);
      expect(action, c.name).toEqual(cli);
      expect(hubbed, c.name).toEqual(cli);
    }
  });

  it("names the same first error in each", async () => {
    const [, tampered, revoked] = await cases();
    expect(cliVerdict((tampered as Case).dir).errors).toContain("SIGNATURE_INVALID");
    expect(cliVerdict((revoked as Case).dir).errors).toEqual(["KEY_REVOKED"]);
  });
});
