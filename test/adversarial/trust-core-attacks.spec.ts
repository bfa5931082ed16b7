/**
 * Attacks on the trust core: who may sign (docs/format.md, "Signers", "Rotating the log key"), what the log writer
 * admits from pending/ ("Pending statements"), and whether a trusted checkpoint's fast path ever decides differently
 * from checking every signature ("What verify means", 7). Lines and heads are written by hand, as another
 * implementation or a careless key holder could, so that only the rules themselves stand between them and the log.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openAttributionLedger, verifyAttribution } from "@shoulders/attribution";
import {
  createKeySigner,
  encodeStatement,
  formatTrust,
  formatVerifierKey,
  generateSecretKey,
  IN_TOTO_PAYLOAD_TYPE,
  type KeyPredicate,
  keyAddPredicate,
  keyIdOf,
  keyStatement,
  layoutOf,
  leafHash,
  listPending,
  openLedger,
  pae,
  parseVerifierKey,
  pendingDigest,
  publicKeyFromSecret,
  type Statement,
  segmentPath,
  serializeEnvelope,
  sha256Hex,
  signCheckpoint,
  signEd25519,
  signEnvelope,
  type Trust,
  toBase64,
  treeHash,
  type VerifyResult,
  verifyLedger,
} from "@shoulders/ledger";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { bound, makeLedger, noteStatement, signHeadByHand } from "../support/ledger.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function ledger(count: number) {
  const made = await makeLedger(count);
  cleanups.push(made.cleanup);
  return made;
}

/** Appends a line signed by `seeds` straight to the log and signs a head over it, checking nothing. */
async function appendByHand(dir: string, seed: Uint8Array, statement: Statement): Promise<void> {
  const layout = layoutOf(dir);
  const envelope = await signEnvelope(encodeStatement(bound(statement)), [createKeySigner(seed)]);
  writeFileSync(segmentPath(layout, 0), `${serializeEnvelope(envelope)}\n`, { flag: "a" });
  signHeadByHand(dir, seed);
}

/** A pending file as a contributor (or anyone sending a pull request) can write it. */
async function propose(dir: string, seeds: Uint8Array[], statement: Statement): Promise<string> {
  const envelope = await signEnvelope(encodeStatement(bound(statement)), seeds.map(createKeySigner));
  const bytes = Buffer.from(`${serializeEnvelope(envelope)}\n`);
  const name = `${sha256Hex(bytes)}.json`;
  mkdirSync(layoutOf(dir).pendingDir, { recursive: true });
  writeFileSync(join(layoutOf(dir).pendingDir, name), bytes);
  return name;
}

/** The verdict on the pending files, and what the log writer then does with them: the two must agree. */
async function verdictAndIntegration(dir: string, seed: Uint8Array) {
  const verdict = verifyAttribution({ dir });
  // Every file approved, as a maintainer who read them would: what is left to refuse them is the admission rule.
  const approved = new Set(listPending(layoutOf(dir)).map(pendingDigest));
  const integrated = await openAttributionLedger(dir).integrate(createKeySigner(seed), { approved });
  return {
    verdict: verdict.errors.map((error) => error.code),
    integrated: integrated.integrated.length,
    rejected: integrated.rejected.map((rejection) => rejection.code),
  };
}

describe("the log key vouches only for what it may", () => {
  it("never countersigns a pending file by a key the log revoked before it added it (revocation is final, and may come first)", async () => {
    const { dir, seed } = await ledger(1);
    const leaked = generateSecretKey();
    await appendByHand(dir, seed, keyStatement({ action: "revoke", keyid: keyIdOf(publicKeyFromSecret(leaked)), reason: "leaked" }));
    await propose(dir, [leaked], noteStatement("signed with a revoked key"));
    expect(await verdictAndIntegration(dir, seed)).toEqual({ verdict: ["KEY_REVOKED"], integrated: 0, rejected: ["KEY_REVOKED"] });
    expect(verifyLedger({ dir }).treeSize).toBe(2);
  });

  it("refuses, in the verdict as in integrate, a file of 8 unknown signatures that leaves no room for its countersignature", async () => {
    const { dir, seed } = await ledger(1);
    await propose(
      dir,
      Array.from({ length: 8 }, () => generateSecretKey()),
      noteStatement("eight strangers"),
    );
    expect(await verdictAndIntegration(dir, seed)).toEqual({
      verdict: ["TOO_MANY_SIGNATURES"],
      integrated: 0,
      rejected: ["TOO_MANY_SIGNATURES"],
    });
  });
});

describe("trust rotate takes only a key the log never declared", () => {
  it("refuses a revoked signer's key (it would come back as the log key and make its revocation invalid) and a declared one", async () => {
    const { dir, seed } = await ledger(1);
    const log = createKeySigner(seed);
    const alice = generateSecretKey();
    const bob = generateSecretKey();
    const handle = openLedger(dir);
    for (const key of [alice, bob]) {
      await handle.addSigner(log, { publicKey: publicKeyFromSecret(key), identity: "github:alice", roles: ["record"] });
    }
    await handle.revokeSigner(log, { keyid: keyIdOf(publicKeyFromSecret(alice)), reason: "leaked" });
    await handle.append([noteStatement("alice's work")], log);
    const before = readFileSync(layoutOf(dir).trust, "utf8");
    await expect(handle.rotate(log, createKeySigner(alice))).rejects.toMatchObject({
      code: "BAD_ARGUMENT",
      message: expect.stringMatching(/^the new key was revoked at entry 3, and revocation is final/),
    });
    // Bob's past entries are Bob's: as the log key, his key would hand them to the repository's owner.
    await expect(handle.rotate(log, createKeySigner(bob))).rejects.toMatchObject({
      code: "BAD_ARGUMENT",
      message: expect.stringMatching(/^the new key was added at entry 2 as a signer for github:alice/),
    });
    expect(readFileSync(layoutOf(dir).trust, "utf8")).toBe(before);
    expect(verifyLedger({ dir, strict: true })).toMatchObject({ valid: true, errors: [] });
  });
});

describe("a trusted checkpoint's fast path decides as checking every signature does", () => {
  const ORIGIN = "example.org/fast-path";
  // 0 and 1: the log key before and after a rotation; 2 and 3: signers the log may add and revoke; 4: a stranger.
  const seeds = Array.from({ length: 5 }, () => generateSecretKey());
  const publicKey = (key: number) => publicKeyFromSecret(seeds[key] as Uint8Array);
  const logKey = (key: number) => parseVerifierKey(formatVerifierKey(ORIGIN, publicKey(key)));
  const key = fc.integer({ min: 0, max: 4 });
  const signers = fc.array(fc.oneof(fc.constantFrom(0, 1), key), { minLength: 1, maxLength: 3 });
  // Now and then a forged signature: the keyid of one signer over a signature by another key.
  const forged = fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: key });
  const entry = fc.oneof(
    fc.record({ signers, forged, note: fc.constant(true) }),
    fc.record({
      signers,
      forged,
      action: fc.constantFrom("add", "revoke"),
      key,
      compromisedSince: fc.option(fc.nat({ max: 12 }), { nil: undefined }),
    }),
  );
  const scenario = fc.record({
    entries: fc.array(entry, { minLength: 1, maxLength: 10 }),
    head: fc.nat(),
    trusted: fc.nat(),
    headBy: fc.constantFrom(0, 1),
    trustedBy: fc.constantFrom(0, 1),
    rotation: fc.option(fc.record({ at: fc.nat({ max: 12 }), compromisedSince: fc.option(fc.nat({ max: 12 }), { nil: undefined }) }), {
      nil: undefined,
    }),
  });

  function line(statement: Statement, by: number[], forgedBy: number | undefined): string {
    const payload = encodeStatement(statement);
    const message = pae(IN_TOTO_PAYLOAD_TYPE, payload);
    const signatures = [...new Set(by)].map((signer) => ({
      keyid: keyIdOf(publicKey(signer)),
      sig: toBase64(signEd25519(seeds[signer === forgedBy ? (signer + 1) % seeds.length : signer] as Uint8Array, message)),
    }));
    return serializeEnvelope({ payloadType: IN_TOTO_PAYLOAD_TYPE, payload: toBase64(payload), signatures });
  }

  function keyPredicate(action: "add" | "revoke", subject: number, compromisedSince: number | undefined): KeyPredicate {
    if (action === "add") return keyAddPredicate(publicKey(subject), `github:signer-${subject}`, ["record"]);
    return { action, keyid: keyIdOf(publicKey(subject)), reason: "", ...(compromisedSince === undefined ? {} : { compromisedSince }) };
  }

  /** Everything but a signature the fast path may skip: one the trusted checkpoint covers that does not verify. */
  const skippable = (result: VerifyResult, trustedSize: number) =>
    result.errors.some((error) => error.code === "SIGNATURE_INVALID" && (error.index ?? trustedSize) < trustedSize);
  const decision = (result: VerifyResult) => ({
    valid: result.valid,
    errors: result.errors.map((error) => `${error.code}@${error.index}`).sort(),
    warnings: result.warnings.map((warning) => warning.code).sort(),
    compromised: result.compromised,
  });

  it("on random ledgers of adds, revokes, forged signatures, rotations and heads by either key", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const lines = s.entries.map((e, position) =>
          "note" in e
            ? line(noteStatement(`entry ${position}`), e.signers, e.forged)
            : line(keyStatement(keyPredicate(e.action, e.key, e.compromisedSince)), e.signers, e.forged),
        );
        const leaves = lines.map((text) => leafHash(Buffer.from(text)));
        const headSize = s.head % (lines.length + 1);
        const trustedSize = s.trusted % (headSize + 1);
        const trust: Trust =
          s.rotation === undefined
            ? { origin: ORIGIN, verifierKeys: [logKey(0)] }
            : {
                origin: ORIGIN,
                verifierKeys: [logKey(1)],
                retiredKeys: [
                  {
                    key: logKey(0),
                    retiredAt: s.rotation.at,
                    ...(s.rotation.compromisedSince === undefined ? {} : { compromisedSince: s.rotation.compromisedSince }),
                  },
                ],
              };
        const head = (size: number, by: number) =>
          signCheckpoint(
            { origin: ORIGIN, size, rootHash: treeHash(leaves, size), extensions: [] },
            { name: ORIGIN, seed: seeds[by] as Uint8Array },
          );
        const dir = mkdtempSync(join(tmpdir(), "shoulders-fast-path-"));
        try {
          mkdirSync(join(dir, ".attribution", "log"), { recursive: true });
          writeFileSync(join(dir, ".attribution", "trust.json"), formatTrust(trust));
          writeFileSync(join(dir, ".attribution", "log", "000000.jsonl"), lines.map((text) => `${text}\n`).join(""));
          writeFileSync(join(dir, ".attribution", "checkpoint"), head(headSize, s.headBy));
          const trustedCheckpoint = head(trustedSize, s.trustedBy);
          const fast = verifyLedger({ dir, trustedCheckpoint });
          const full = verifyLedger({ dir, trustedCheckpoint, checkAllSignatures: true });
          if (skippable(full, trustedSize)) expect(full.valid).toBe(false);
          else expect(decision(fast)).toEqual(decision(full));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 200 },
    );
  });
});
