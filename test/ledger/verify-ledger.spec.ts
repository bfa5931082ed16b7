import { appendFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import {
  createKeySigner,
  encodeStatement,
  formatTrust,
  formatVerifierKey,
  generateSecretKey,
  layoutOf,
  openLedger,
  parseTrust,
  parseVerifierKey,
  publicKeyFromSecret,
  segmentPath,
  serializeEnvelope,
  signEnvelope,
  verifyLedger,
} from "@shoulders/ledger";
import { afterEach, describe, expect, it } from "vitest";
import { bound, makeLedger, noteStatement } from "../support/ledger.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function ledger(count = 0) {
  const made = await makeLedger(count);
  cleanups.push(made.cleanup);
  return made;
}

function codes(result: ReturnType<typeof verifyLedger>): string[] {
  return result.errors.map((error) => error.code);
}

function segment(dir: string): string {
  return segmentPath(layoutOf(dir), 0);
}

/** Appends a line directly, as an attacker with write access to the repository could. */
async function appendRaw(dir: string, seeds: Uint8Array[], text: string): Promise<void> {
  const envelope = await signEnvelope(encodeStatement(bound(noteStatement(text))), seeds.map(createKeySigner));
  appendFileSync(segment(dir), `${serializeEnvelope(envelope)}\n`);
}

describe("verifyLedger", () => {
  it("accepts a fresh ledger and an empty log", async () => {
    const { dir } = await ledger();
    const result = verifyLedger({ dir, strict: true });
    expect(result).toMatchObject({ valid: true, treeSize: 0, entries: 0 });
  });

  it("names the entry whose signature was changed", async () => {
    const { dir } = await ledger(3);
    const lines = readFileSync(segment(dir), "utf8").split("\n");
    const envelope = JSON.parse(lines[1] as string);
    const sig = Buffer.from(envelope.signatures[0].sig, "base64");
    sig[5] = (sig[5] as number) ^ 1;
    envelope.signatures[0].sig = sig.toString("base64");
    lines[1] = JSON.stringify(envelope);
    writeFileSync(segment(dir), lines.join("\n"));
    const result = verifyLedger({ dir });
    expect(result.valid).toBe(false);
    expect(result.errors[0]).toMatchObject({ code: "SIGNATURE_INVALID", index: 1 });
    expect(codes(result)).toContain("CHECKPOINT_MISMATCH");
  });

  it("refuses an entry signed by a key the log does not know", async () => {
    const { dir } = await ledger(1);
    await appendRaw(dir, [generateSecretKey()], "intruder");
    const result = verifyLedger({ dir });
    expect(result.errors[0]).toMatchObject({ code: "UNAUTHORISED_SIGNER", index: 1 });
  });

  it("ignores and reports an unknown key beside a valid signature", async () => {
    const { dir, seed } = await ledger(1);
    const stranger = generateSecretKey();
    const envelope = await signEnvelope(encodeStatement(bound(noteStatement("two signers"))), [
      createKeySigner(stranger),
      createKeySigner(seed),
    ]);
    await openLedger(dir).append([], createKeySigner(seed));
    appendFileSync(segment(dir), `${serializeEnvelope(envelope)}\n`);
    const result = verifyLedger({ dir });
    expect(result.valid).toBe(true);
    expect(result.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(["UNKNOWN_KEY", "UNCOMMITTED_TAIL"]));
  });

  it("accepts a contributor's entry after its key was added, and refuses it after revocation", async () => {
    const { dir, seed } = await ledger(1);
    const contributor = generateSecretKey();
    await openLedger(dir).addSigner(createKeySigner(seed), {
      publicKey: publicKeyFromSecret(contributor),
      identity: "github:dev",
      roles: ["record"],
    });
    await openLedger(dir).propose(noteStatement("from dev"), createKeySigner(contributor));
    const integrated = await openLedger(dir).integrate(createKeySigner(seed));
    expect(integrated.rejected).toEqual([]);
    expect(verifyLedger({ dir, strict: true }).valid).toBe(true);

    const keyid = (await import("@shoulders/ledger")).keyIdOf(publicKeyFromSecret(contributor));
    await openLedger(dir).revokeSigner(createKeySigner(seed), { keyid, reason: "left the project" });
    await appendRaw(dir, [contributor], "after revocation");
    const result = verifyLedger({ dir });
    expect(result.errors[0]).toMatchObject({ code: "KEY_REVOKED", index: 4 });
  });

  it("flags entries inside a compromise window and keeps them valid", async () => {
    const { dir, seed } = await ledger(1);
    const contributor = generateSecretKey();
    const { keyid } = await openLedger(dir).addSigner(createKeySigner(seed), {
      publicKey: publicKeyFromSecret(contributor),
      identity: "github:dev",
      roles: [],
    });
    for (const text of ["before", "leaked-1", "leaked-2"]) {
      await openLedger(dir).propose(noteStatement(text), createKeySigner(contributor));
      await openLedger(dir).integrate(createKeySigner(seed));
    }
    await openLedger(dir).revokeSigner(createKeySigner(seed), { keyid, compromisedSince: 3 });
    const result = verifyLedger({ dir, strict: true });
    expect(result.valid).toBe(true);
    expect(result.compromised).toEqual([3, 4]);
    expect(result.warnings.map((w) => w.code)).toContain("COMPROMISED");
  });

  it("refuses a key statement that only a contributor signed", async () => {
    const { dir, seed } = await ledger(0);
    const contributor = generateSecretKey();
    await openLedger(dir).addSigner(createKeySigner(seed), {
      publicKey: publicKeyFromSecret(contributor),
      identity: "github:dev",
      roles: [],
    });
    const { keyStatement, keyAddPredicate } = await import("@shoulders/ledger");
    const sneaky = keyStatement(keyAddPredicate(publicKeyFromSecret(generateSecretKey()), "github:mallory", ["record"]));
    const envelope = await signEnvelope(encodeStatement(bound(sneaky)), [createKeySigner(contributor)]);
    appendFileSync(segment(dir), `${serializeEnvelope(envelope)}\n`);
    expect(verifyLedger({ dir }).errors[0]).toMatchObject({ code: "UNAUTHORISED_SIGNER", index: 1 });
  });

  it("detects a swapped root when the base branch's trust.json is pinned", async () => {
    const { dir } = await ledger(2);
    const pinned = readFileSync(layoutOf(dir).trust);
    const attacker = generateSecretKey();
    rmSync(layoutOf(dir).root, { recursive: true });
    const { initLedger } = await import("@shoulders/ledger");
    await initLedger({ dir, origin: "github.com/acme/sentiment/attribution", signer: createKeySigner(attacker) });
    expect(verifyLedger({ dir }).valid).toBe(true);
    const result = verifyLedger({ dir, trust: pinned });
    expect(result.valid).toBe(false);
    expect(codes(result)).toContain("CHECKPOINT_SIGNATURE_INVALID");
  });

  it("proves that the log extends a trusted checkpoint, and catches a rewrite", async () => {
    const { dir, seed } = await ledger(5);
    const trusted = readFileSync(layoutOf(dir).checkpoint);
    await openLedger(dir).append([noteStatement("later")], createKeySigner(seed));
    const extended = verifyLedger({ dir, trustedCheckpoint: trusted });
    expect(extended.valid).toBe(true);
    expect(extended.extends?.size).toBe(5);
    const collected = verifyLedger({ dir, trustedCheckpoint: trusted, collect: true }).statements ?? [];
    expect(collected.map((entry) => entry.statement.subject[0]?.name)).toEqual(
      [0, 1, 2, 3, 4].map((i) => `note:entry ${i}`).concat("note:later"),
    );

    const { dir: other, seed: otherSeed } = await ledger(0);
    const trust = parseTrust(readFileSync(layoutOf(other).trust));
    // The same log key, different history: shared trust, rewritten entries.
    writeFileSync(
      layoutOf(other).trust,
      formatTrust({ ...trust, verifierKeys: [parseVerifierKey(formatVerifierKey(trust.origin, publicKeyFromSecret(seed)))] }),
    );
    void otherSeed;
    rmSync(layoutOf(dir).stateDir, { recursive: true, force: true });
    const lines = readFileSync(segment(dir), "utf8").split("\n");
    writeFileSync(segment(dir), `${lines.slice(0, 4).join("\n")}\n`);
    const { readLog, leafHash, treeHash, signCheckpoint } = await import("@shoulders/ledger");
    const leaves = [...readLog(layoutOf(dir))].flatMap((e) => (e.kind === "line" ? [leafHash(e.bytes)] : []));
    writeFileSync(
      layoutOf(dir).checkpoint,
      signCheckpoint({ origin: trust.origin, size: 4, rootHash: treeHash(leaves), extensions: [] }, { name: trust.origin, seed }),
    );
    await openLedger(dir).append([noteStatement("rewritten 4"), noteStatement("rewritten 5")], createKeySigner(seed));
    expect(verifyLedger({ dir }).valid).toBe(true);
    const result = verifyLedger({ dir, trustedCheckpoint: trusted });
    expect(codes(result)).toEqual(["NOT_APPEND_ONLY"]);
  });

  it("refuses a trusted checkpoint larger than the log", async () => {
    const { dir, seed } = await ledger(3);
    const trusted = readFileSync(layoutOf(dir).checkpoint);
    rmSync(layoutOf(dir).stateDir, { recursive: true, force: true });
    const lines = readFileSync(segment(dir), "utf8").split("\n");
    writeFileSync(segment(dir), `${lines.slice(0, 1).join("\n")}\n`);
    const { readLog, leafHash, treeHash, signCheckpoint, readTrust } = await import("@shoulders/ledger");
    const trust = readTrust(layoutOf(dir));
    const leaves = [...readLog(layoutOf(dir))].flatMap((e) => (e.kind === "line" ? [leafHash(e.bytes)] : []));
    writeFileSync(
      layoutOf(dir).checkpoint,
      signCheckpoint({ origin: trust.origin, size: 1, rootHash: treeHash(leaves), extensions: [] }, { name: trust.origin, seed }),
    );
    expect(codes(verifyLedger({ dir, trustedCheckpoint: trusted }))).toEqual(["NOT_APPEND_ONLY"]);
  });

  describe("hostile files", () => {
    it("a 30 MB line", async () => {
      const { dir } = await ledger(1);
      appendFileSync(segment(dir), `${"A".repeat(30 << 20)}\n`);
      const result = verifyLedger({ dir });
      expect(result.errors[0]).toMatchObject({ code: "LINE_TOO_LONG", index: 1 });
    });

    it("JSON nested 200,000 levels deep", async () => {
      const { dir } = await ledger(1);
      appendFileSync(segment(dir), `${"[".repeat(200_000)}${"]".repeat(200_000)}\n`);
      expect(verifyLedger({ dir }).errors[0]).toMatchObject({ code: "JSON_TOO_DEEP", index: 1 });
    });

    it("invalid UTF-8", async () => {
      const { dir } = await ledger(1);
      appendFileSync(segment(dir), Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d, 0x0a]));
      expect(verifyLedger({ dir }).errors[0]).toMatchObject({ code: "INVALID_UTF8", index: 1 });
    });

    it("a checkpoint with a 40-digit tree size", async () => {
      const { dir } = await ledger(1);
      const note = readFileSync(layoutOf(dir).checkpoint, "utf8").split("\n");
      note[1] = "1".repeat(40);
      writeFileSync(layoutOf(dir).checkpoint, note.join("\n"));
      const result = verifyLedger({ dir });
      expect(result.valid).toBe(false);
      expect(["CHECKPOINT_MALFORMED", "CHECKPOINT_SIGNATURE_INVALID"]).toContain(result.errors[0]?.code);
    });

    it("a broken trust.json", async () => {
      const { dir } = await ledger(1);
      writeFileSync(layoutOf(dir).trust, '{"version": 1, "log": {');
      expect(codes(verifyLedger({ dir }))).toEqual(["TRUST_INVALID"]);
      writeFileSync(layoutOf(dir).trust, '{"version": 2, "log": {"origin": "x", "verifierKeys": ["a+b+c"]}}');
      expect(codes(verifyLedger({ dir }))).toEqual(["TRUST_INVALID"]);
    });

    it("a trust.json with a weak (small-order) log key", async () => {
      const { dir } = await ledger(1);
      const identity = new Uint8Array(32);
      identity[0] = 1;
      const { noteKeyHash, toHex, toBase64 } = await import("@shoulders/ledger");
      const weak = `x+${toHex(noteKeyHash("x", identity))}+${toBase64(Uint8Array.of(1, ...identity))}`;
      writeFileSync(layoutOf(dir).trust, JSON.stringify({ version: 1, log: { origin: "x", verifierKeys: [weak] } }));
      expect(codes(verifyLedger({ dir }))).toEqual(["WEAK_KEY"]);
    });

    it("a missing checkpoint", async () => {
      const { dir } = await ledger(1);
      rmSync(layoutOf(dir).checkpoint);
      expect(codes(verifyLedger({ dir }))).toEqual(["CHECKPOINT_MISSING"]);
    });

    it("a missing segment and a stray file in log/", async () => {
      const { dir } = await ledger(1);
      writeFileSync(`${layoutOf(dir).logDir}/000002.jsonl`, "");
      expect(codes(verifyLedger({ dir }))).toEqual(["SEGMENT_INVALID"]);
      rmSync(`${layoutOf(dir).logDir}/000002.jsonl`);
      writeFileSync(`${layoutOf(dir).logDir}/notes.txt`, "");
      expect(codes(verifyLedger({ dir }))).toEqual(["SEGMENT_INVALID"]);
    });

    it("whitespace in a log line, and duplicate members", async () => {
      const { dir } = await ledger(2);
      const lines = readFileSync(segment(dir), "utf8").split("\n");
      lines[0] = (lines[0] as string).replace('","payload"', '", "payload"');
      lines[1] = (lines[1] as string).replace("{", '{"payloadType":"x",');
      writeFileSync(segment(dir), lines.join("\n"));
      const result = verifyLedger({ dir });
      expect(result.errors.slice(0, 2)).toMatchObject([
        { code: "NOT_COMPACT", index: 0 },
        { code: "DUPLICATE_MEMBER", index: 1 },
      ]);
    });
  });

  it("never writes", async () => {
    const { dir, seed } = await ledger(2);
    await appendRaw(dir, [seed], "uncommitted");
    const before = readFileSync(segment(dir));
    const checkpoint = readFileSync(layoutOf(dir).checkpoint);
    rmSync(layoutOf(dir).stateDir, { recursive: true, force: true });
    verifyLedger({ dir, strict: true });
    expect(readFileSync(segment(dir))).toEqual(before);
    expect(readFileSync(layoutOf(dir).checkpoint)).toEqual(checkpoint);
    const { existsSync } = await import("node:fs");
    expect(existsSync(layoutOf(dir).stateDir)).toBe(false);
  });
});
