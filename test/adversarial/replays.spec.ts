/**
 * Replays (issue 13 §2): a signature covers the payload only, so a statement copied out of the log, or out of a
 * sister ledger that shares the log key, still carries a valid signature. Each attack runs the real CLI on a real
 * ledger and shows that the copy never counts: integrate leaves it pending, the writer refuses to cover it, and verify
 * names it.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  createKeySigner,
  generateSecretKey,
  initLedger,
  layoutOf,
  openLedger,
  parseEnvelope,
  publicKeyFromSecret,
  segmentPath,
  serializeEnvelope,
  sha256Hex,
  toBase64,
} from "@shoulders/ledger";
import { afterEach, describe, expect, it } from "vitest";
import { shoulders } from "../support/cli.js";
import { makeLedger, noteStatement, signHeadByHand, tempDir } from "../support/ledger.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function ledger(): Promise<{ dir: string; seed: Uint8Array; env: Record<string, string> }> {
  const made = await makeLedger(0);
  cleanups.push(made.cleanup);
  await openLedger(made.dir).append([noteStatement("split policy v1: tomo 35%")], createKeySigner(made.seed));
  await openLedger(made.dir).append([noteStatement("split policy v2: tomo 50%")], createKeySigner(made.seed));
  return { dir: made.dir, seed: made.seed, env: { SHOULDERS_SIGNING_KEY: toBase64(made.seed) } };
}

function logLines(dir: string): string[] {
  return readFileSync(segmentPath(layoutOf(dir), 0), "utf8")
    .split("\n")
    .filter(Boolean);
}

/** Puts `line` into pending/ as a pull request would: named by the SHA-256 of the file. Returns the digest. */
function addPending(dir: string, line: string): string {
  const bytes = `${line}\n`;
  const digest = sha256Hex(Buffer.from(bytes));
  mkdirSync(layoutOf(dir).pendingDir, { recursive: true });
  writeFileSync(join(layoutOf(dir).pendingDir, `${digest}.json`), bytes);
  return digest;
}

describe("a statement already in the log is refused", () => {
  it("an old policy copied back into pending/ stays pending: DUPLICATE_STATEMENT", async () => {
    const { dir, env } = await ledger();
    const before = logLines(dir);
    addPending(dir, before[0] as string);
    const integrated = shoulders(["integrate"], { cwd: dir, env });
    expect(integrated.code).toBe(1);
    expect(integrated.stderr).toMatch(/^DUPLICATE_STATEMENT: .*repeats the statement of entry 0/);
    expect(logLines(dir)).toEqual(before);
    // The verdict says so before the merge.
    const verified = shoulders(["verify", "--json"], { cwd: dir, env: {} });
    expect(verified.code).toBe(1);
    expect(JSON.parse(verified.stdout).errors.map((error: { code: string }) => error.code)).toEqual(["DUPLICATE_STATEMENT"]);
  });

  it("an old policy appended as a raw line after the checkpoint: verify names it and no writer covers it", async () => {
    const { dir, env, seed } = await ledger();
    const before = logLines(dir);
    appendFileSync(segmentPath(layoutOf(dir), 0), `${before[0]}\n`);
    const verified = shoulders(["verify"], { cwd: dir, env: {} });
    expect(verified.code).toBe(1);
    expect(verified.stdout + verified.stderr).toContain("DUPLICATE_STATEMENT");
    writeFileSync(join(dir, "next.json"), JSON.stringify(noteStatement("next")));
    const appended = shoulders(["append", "next.json"], { cwd: dir, env });
    expect(appended.code).toBe(1);
    expect(appended.stderr).toMatch(/^UNCOMMITTED_TAIL: .*no interrupted write of this ledger left/);
    // Even signed into a checkpoint by hand (a key holder's own tool), the copy is invalid, and it stays so.
    signHeadByHand(dir, seed);
    expect(shoulders(["verify"], { cwd: dir, env: {} }).code).toBe(1);
  });

  it("an approved file's countersignature lifted onto the same statement alone, or first, is refused", async () => {
    const { dir, env } = await ledger();
    const stranger = createKeySigner(generateSecretKey());
    const { digest } = await openLedger(dir).propose(noteStatement("usage receipt: 480.00 USD"), stranger);
    expect(shoulders(["integrate", "--approve", digest], { cwd: dir, env }).code).toBe(0);
    const approved = parseEnvelope(logLines(dir).at(-1) as string, { compact: true }).envelope;
    const [strangerSig, logSig] = approved.signatures;
    expect(approved.signatures).toHaveLength(2);
    const before = logLines(dir);
    addPending(dir, serializeEnvelope({ ...approved, signatures: [logSig as never] }));
    addPending(dir, serializeEnvelope({ ...approved, signatures: [logSig as never, strangerSig as never] }));
    const integrated = shoulders(["integrate"], { cwd: dir, env });
    expect(integrated.code).toBe(1);
    expect(
      integrated.stderr
        .trim()
        .split("\n")
        .map((line) => line.split(":")[0]),
    ).toEqual(["DUPLICATE_STATEMENT", "DUPLICATE_STATEMENT"]);
    expect(logLines(dir)).toEqual(before);
  });

  it("two pending copies of one statement: the first enters, the second does not", async () => {
    const { dir, env, seed } = await ledger();
    const declared = generateSecretKey();
    await openLedger(dir).addSigner(createKeySigner(seed), {
      publicKey: publicKeyFromSecret(declared),
      identity: "github:maya",
      roles: [],
    });
    const { path } = await openLedger(dir).propose(noteStatement("one claim"), createKeySigner(declared));
    // The same envelope with whitespace: another file, the same statement.
    addPending(dir, JSON.stringify(JSON.parse(readFileSync(path, "utf8")), null, 1));
    const integrated = shoulders(["integrate"], { cwd: dir, env });
    expect(integrated.code).toBe(1);
    expect(integrated.stdout).toMatch(/integrated .* as entry 3/);
    expect(integrated.stderr).toMatch(/^DUPLICATE_STATEMENT: .*carries the same statement as pending\//);
  });
});

describe("a statement signed for another ledger is refused, even by the same key", () => {
  it("a key statement from a sister ledger that shares the log key never authorises anyone here", async () => {
    const { dir, seed, env } = await ledger();
    const sister = tempDir();
    cleanups.push(sister.cleanup);
    await initLedger({ dir: sister.dir, origin: "github.com/acme/sister/attribution", signer: createKeySigner(seed) });
    const reporter = generateSecretKey();
    await openLedger(sister.dir).addSigner(createKeySigner(seed), {
      publicKey: publicKeyFromSecret(reporter),
      identity: "ci:acme/reporter",
      roles: ["usage"],
    });
    const copied = logLines(sister.dir)[0] as string;
    // As a raw line, even one a key holder's tool signs a checkpoint over: refused by verify, with the reason.
    appendFileSync(segmentPath(layoutOf(dir), 0), `${copied}\n`);
    signHeadByHand(dir, seed);
    const verified = shoulders(["verify"], { cwd: dir, env: {} });
    expect(verified.code).toBe(1);
    expect(verified.stdout + verified.stderr).toMatch(
      /FOREIGN_STATEMENT: entry 2: the statement was signed for the ledger "github.com\/acme\/sister\/attribution"/,
    );
    expect(shoulders(["trust", "list", "--json"], { cwd: dir, env }).stdout).not.toContain("ci:acme/reporter");
  });

  it("a sister ledger's statement put into pending/ stays pending: FOREIGN_STATEMENT", async () => {
    const { dir, seed, env } = await ledger();
    const sister = tempDir();
    cleanups.push(sister.cleanup);
    await initLedger({ dir: sister.dir, origin: "github.com/acme/sister/attribution", signer: createKeySigner(seed) });
    await openLedger(sister.dir).append([noteStatement("split policy: tomo 100%")], createKeySigner(seed));
    addPending(dir, logLines(sister.dir)[0] as string);
    const integrated = shoulders(["integrate"], { cwd: dir, env });
    expect(integrated.code).toBe(1);
    expect(integrated.stderr).toMatch(/^FOREIGN_STATEMENT: .*signed for the ledger "github.com\/acme\/sister\/attribution"/);
  });
});
