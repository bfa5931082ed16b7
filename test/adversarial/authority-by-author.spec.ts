/**
 * Authority belongs to the author (issue 13 §1): a statement's author is the key of its first signature, and what it
 * may decide is that key's to decide. A countersignature (a maintainer's approval) admits it to the log and lends it
 * nothing. Each case writes through the real CLI and reads the ledger back as every reader does.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readAttribution } from "@shoulders/attribution";
import { generateSecretKey, publicKeyFromSecret, toBase64 } from "@shoulders/ledger";
import { afterEach, describe, expect, it } from "vitest";
import { shoulders } from "../support/cli.js";
import { makeLedger } from "../support/ledger.js";

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
});
