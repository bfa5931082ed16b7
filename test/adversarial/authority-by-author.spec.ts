/**
 * Authority belongs to the author (issue 13 §1): a statement's author is the key of its first signature, and what it
 * may decide is that key's to decide. A countersignature (a maintainer's approval) admits it to the log and lends it
 * nothing. Each case writes through the real CLI and reads the ledger back as every reader does.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readAttribution } from "@shoulders/attribution";
import {
  createKeySigner,
  generateSecretKey,
  keyIdOf,
  layoutOf,
  openLedger,
  publicKeyFromSecret,
  sha256Hex,
  toBase64,
} from "@shoulders/ledger";
import { afterEach, describe, expect, it } from "vitest";
import { shoulders } from "../support/cli.js";
import { makeLedger, noteStatement } from "../support/ledger.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function ledger(): Promise<{ dir: string; owner: Record<string, string> }> {
  const made = await makeLedger(0);
  cleanups.push(made.cleanup);
  return { dir: made.dir, owner: { SHOULDERS_SIGNING_KEY: toBase64(made.seed) } };
}

/** A contributor's key: declared with `roles` (or not at all, with `undefined`). */
function contributor(dir: string, owner: Record<string, string>, roles: string[] | undefined): Record<string, string> {
  const seed = generateSecretKey();
  if (roles !== undefined) {
    const args = ["trust", "add", "--public-key", toBase64(publicKeyFromSecret(seed)), "--identity", "github:dev"];
    for (const role of roles) args.push("--role", role);
    expect(shoulders(args, { cwd: dir, env: owner }).code).toBe(0);
  }
  return { SHOULDERS_SIGNING_KEY: toBase64(seed) };
}

/** Runs a recording command as `who` (it writes a pending file) and integrates it, approving it by its digest. */
function recordAndApprove(dir: string, owner: Record<string, string>, who: Record<string, string>, args: string[]): void {
  const recorded = shoulders([...args, "--json"], { cwd: dir, env: who });
  expect(recorded.code, recorded.stderr).toBe(0);
  const pending = JSON.parse(recorded.stdout).pending as string[];
  const approve = pending.flatMap((path) => ["--approve", (path.split("/").at(-1) as string).replace(/\.json$/, "")]);
  const integrated = shoulders(["integrate", ...approve], { cwd: dir, env: owner });
  expect(integrated.code, integrated.stderr).toBe(0);
}

function releaseFolder(dir: string): string {
  const out = join(dir, "out");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "model.safetensors"), "weights");
  return "out";
}

describe("a statement counts by its author's authority, never a countersigner's", () => {
  it("a license declared by a stranger's key and approved by a maintainer does not change the license", async () => {
    const { dir, owner } = await ledger();
    recordAndApprove(dir, owner, contributor(dir, owner, undefined), ["record", "license", "hf:acme/base", "--license", "mit"]);
    expect(readAttribution({ dir }).index.licenses.get("hf:acme/base")).toBeUndefined();
    expect(shoulders(["record", "license", "hf:acme/base", "--license", "mit"], { cwd: dir, env: owner }).code).toBe(0);
    expect(readAttribution({ dir }).index.licenses.get("hf:acme/base")?.predicate.license).toBe("MIT");
  });

  it("a license declared by a contributor with the record role is still the owner's to declare", async () => {
    const { dir, owner } = await ledger();
    recordAndApprove(dir, owner, contributor(dir, owner, ["record"]), ["record", "license", "hf:acme/base", "--license", "cc-by-nc-4.0"]);
    expect(readAttribution({ dir }).index.licenses.get("hf:acme/base")).toBeUndefined();
  });

  it("a release counts when its author has the record role, not when a stranger or a key without it made it", async () => {
    const { dir, owner } = await ledger();
    const folder = releaseFolder(dir);
    const release = (id: string) => ["record", "release", folder, "--id", id, "--license", "apache-2.0"];
    recordAndApprove(dir, owner, contributor(dir, owner, undefined), release("acme/by-stranger"));
    recordAndApprove(dir, owner, contributor(dir, owner, ["usage"]), release("acme/by-reporter"));
    recordAndApprove(dir, owner, contributor(dir, owner, ["record"]), release("acme/by-recorder"));
    expect([...readAttribution({ dir }).index.releases.keys()]).toEqual(["acme/by-recorder"]);
  });

  it("a dataset version or a run counts when its author has the record role, not a key without it", async () => {
    const { dir, owner } = await ledger();
    mkdirSync(join(dir, "data"), { recursive: true });
    writeFileSync(join(dir, "data", "rows.jsonl"), '{"text":"a"}\n{"text":"b"}\n');
    const dataset = (id: string) => ["record", "dataset", "data", "--id", id, "--contributor", "github:dev=2"];
    recordAndApprove(dir, owner, contributor(dir, owner, ["usage"]), dataset("acme/by-reporter"));
    recordAndApprove(dir, owner, contributor(dir, owner, []), dataset("acme/by-nobody"));
    recordAndApprove(dir, owner, contributor(dir, owner, ["record"]), dataset("acme/by-recorder"));
    expect([...readAttribution({ dir }).index.datasets.keys()]).toEqual(["acme/by-recorder"]);
  });

  it("commits count only as the log writer records them from git: a contributor's commit record claims nothing", async () => {
    const { dir, owner } = await ledger();
    const git = (...args: string[]) => execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" }).trim();
    git("init", "-q");
    git("-c", "user.name=Maya", "-c", "user.email=maya@acme.org", "commit", "-q", "--allow-empty", "-m", "start");
    writeFileSync(join(dir, "train.py"), "print(1)\n");
    git("add", "train.py");
    git("-c", "user.name=Maya", "-c", "user.email=maya@acme.org", "commit", "-q", "-m", "train");
    recordAndApprove(dir, owner, contributor(dir, owner, ["record"]), ["record", "commits"]);
    expect(readAttribution({ dir }).index.commits.size).toBe(0);
    expect(shoulders(["record", "commits"], { cwd: dir, env: owner }).code).toBe(0);
    expect(readAttribution({ dir }).index.commits.get(git("rev-parse", "HEAD"))?.commit.author.identities).toContain("email:maya@acme.org");
  });
});

describe("a pending file enters unapproved only when its author is a key the log authorises", () => {
  it("a junk first signature in front of a declared key's pending statement leaves that copy pending, and the real one enters", async () => {
    const { dir, owner } = await ledger();
    const reporter = generateSecretKey();
    const args = [
      "trust",
      "add",
      "--public-key",
      toBase64(publicKeyFromSecret(reporter)),
      "--identity",
      "ci:acme/provider",
      "--role",
      "usage",
    ];
    expect(shoulders(args, { cwd: dir, env: owner }).code).toBe(0);
    const { path } = await openLedger(dir).propose(noteStatement("December: 10 uses"), createKeySigner(reporter));
    const real = readFileSync(path, "utf8");
    rmSync(path);
    const envelope = JSON.parse(real);
    const junkSignature = { keyid: "00".repeat(32), sig: Buffer.alloc(64).toString("base64") };
    const junk = `${JSON.stringify({ ...envelope, signatures: [junkSignature, ...envelope.signatures] })}\n`;
    const junkPath = join(layoutOf(dir).pendingDir, `${sha256Hex(Buffer.from(junk))}.json`);
    writeFileSync(junkPath, junk);
    const refused = shoulders(["integrate"], { cwd: dir, env: owner });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^UNAPPROVED_SIGNER: pending\/[0-9a-f]{64}\.json is authored \(first signed\) by no key this log authorises/,
    );
    // The reporter's own file still enters, authored by the reporter.
    rmSync(junkPath);
    writeFileSync(path, real);
    const integrated = shoulders(["integrate"], { cwd: dir, env: owner });
    expect(integrated.code, integrated.stderr).toBe(0);
    const read = readAttribution({ dir });
    expect(read.entries.at(-1)?.author).toBe(keyIdOf(publicKeyFromSecret(reporter)));
  });
});
