import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  createKeySigner,
  encodeStatement,
  generateSecretKey,
  keyIdOf,
  keyStatement,
  layoutOf,
  leafHash,
  openLedger,
  parseTrust,
  publicKeyFromSecret,
  type Statement,
  segmentPath,
  serializeEnvelope,
  signCheckpoint,
  signEnvelope,
  treeHash,
  verifyLedger,
} from "@shoulders/ledger";
import { witnessLedger } from "@shoulders/witness";
import { afterEach, describe, expect, it } from "vitest";
import { bound, makeLedger, noteStatement, tempDir } from "../support/ledger.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function ledger(count = 0) {
  const made = await makeLedger(count);
  cleanups.push(made.cleanup);
  return made;
}

function copyOf(dir: string): string {
  const copy = tempDir("shoulders-fork-");
  cleanups.push(copy.cleanup);
  cpSync(join(dir, ".attribution"), join(copy.dir, ".attribution"), { recursive: true });
  return copy.dir;
}

/** The bytes a writer could have changed: a refused writer must leave every one of them as it was. */
function snapshot(dir: string): string[] {
  const layout = layoutOf(dir);
  return [layout.trust, layout.checkpoint, segmentPath(layout, 0)].map((path) => readFileSync(path, "latin1"));
}

/** Appends a line signed by `seeds` straight to the log, as someone with write access to the repository could. */
async function appendRaw(dir: string, seeds: Uint8Array[], statement: Statement): Promise<void> {
  const envelope = await signEnvelope(encodeStatement(bound(statement)), seeds.map(createKeySigner));
  writeFileSync(segmentPath(layoutOf(dir), 0), `${serializeEnvelope(envelope)}\n`, { flag: "a" });
}

/** Signs a checkpoint over every line of the log, checking nothing: what a careless or hostile key holder can do. */
function signHeadByHand(dir: string, seed: Uint8Array): void {
  const layout = layoutOf(dir);
  const lines = readFileSync(segmentPath(layout, 0), "utf8")
    .split("\n")
    .filter((line) => line !== "");
  const leaves = lines.map((line) => leafHash(Buffer.from(line, "utf8")));
  const trust = parseTrust(readFileSync(layout.trust));
  const checkpoint = { origin: trust.origin, size: leaves.length, rootHash: treeHash(leaves, leaves.length), extensions: [] };
  writeFileSync(layout.checkpoint, signCheckpoint(checkpoint, { name: trust.origin, seed }));
}

describe("log key rotation is recorded in trust.json", () => {
  it("retires the old key at the current size, re-signs the head with the new key, and appends nothing", async () => {
    const { dir, seed } = await ledger(3);
    const next = generateSecretKey();
    const before = readFileSync(segmentPath(layoutOf(dir), 0), "utf8");
    const rotated = await openLedger(dir).rotate(createKeySigner(seed), createKeySigner(next));
    expect(rotated.retiredAt).toBe(3);
    const trust = parseTrust(readFileSync(layoutOf(dir).trust));
    expect(trust.verifierKeys.map((key) => keyIdOf(key.publicKey))).toEqual([keyIdOf(publicKeyFromSecret(next))]);
    expect(trust.retiredKeys?.map((r) => [keyIdOf(r.key.publicKey), r.retiredAt])).toEqual([[keyIdOf(publicKeyFromSecret(seed)), 3]]);
    expect(readFileSync(segmentPath(layoutOf(dir), 0), "utf8")).toBe(before);
    expect(verifyLedger({ dir, strict: true })).toMatchObject({ valid: true, treeSize: 3 });
    await openLedger(dir).append([noteStatement("by the new key")], createKeySigner(next));
    expect(verifyLedger({ dir, strict: true })).toMatchObject({ valid: true, treeSize: 4 });
  });

  it("refuses every write with the rotated-out key before anything is written, naming the rotation", async () => {
    const { dir, seed } = await ledger(2);
    await openLedger(dir).rotate(createKeySigner(seed), createKeySigner(generateSecretKey()));
    const before = snapshot(dir);
    const refusal = { code: "KEY_REVOKED", message: expect.stringMatching(/rotated out of the log at entry 2 .*SHOULDERS_SIGNING_KEY/) };
    await expect(openLedger(dir).append([noteStatement("late")], createKeySigner(seed))).rejects.toMatchObject(refusal);
    // Not quietly turned into a pending file that could never be integrated either.
    await expect(openLedger(dir).submit([noteStatement("late")], createKeySigner(seed))).rejects.toMatchObject(refusal);
    await expect(openLedger(dir).propose(noteStatement("late"), createKeySigner(seed))).rejects.toMatchObject(refusal);
    await expect(openLedger(dir).integrate(createKeySigner(seed))).rejects.toMatchObject(refusal);
    await expect(openLedger(dir).write(createKeySigner(seed), async () => {})).rejects.toMatchObject(refusal);
    expect(snapshot(dir)).toEqual(before);
    expect(verifyLedger({ dir, strict: true }).valid).toBe(true);
  });

  it("refuses an entry the old key signs past the rotation, also when someone writes it by hand", async () => {
    const { dir, seed } = await ledger(2);
    await openLedger(dir).rotate(createKeySigner(seed), createKeySigner(generateSecretKey()));
    await appendRaw(dir, [seed], noteStatement("old key after rotation"));
    expect(verifyLedger({ dir }).errors).toContainEqual(
      expect.objectContaining({ code: "KEY_REVOKED", index: 2, message: expect.stringContaining("rotated out of the log at entry 2") }),
    );
    // No witness is ever asked to cosign such a head: it would remember it for good.
    let asked = 0;
    const fetch = (async () => {
      asked++;
      return new Response("", { status: 500 });
    }) as typeof globalThis.fetch;
    const witnesses = [{ key: parseTrust(readFileSync(layoutOf(dir).trust)).verifierKeys[0] as never, url: "http://127.0.0.1:9/w" }];
    await expect(witnessLedger({ dir, fetch, witnesses })).rejects.toMatchObject({ code: "KEY_REVOKED" });
    expect(asked).toBe(0);
  });

  it("refuses a fork the leaked old key extends past the rotation, with only the pinned trust.json", async () => {
    const { dir, seed } = await ledger(3);
    const fork = copyOf(dir);
    await openLedger(dir).rotate(createKeySigner(seed), createKeySigner(generateSecretKey()));
    const pinned = readFileSync(layoutOf(dir).trust);
    // The attacker holds the old key and a copy from before the rotation, where it is still the log key.
    await openLedger(fork).append([noteStatement("forged 3"), noteStatement("forged 4")], createKeySigner(seed));
    expect(verifyLedger({ dir: fork }).valid).toBe(true);
    const pinnedResult = verifyLedger({ dir: fork, trust: pinned });
    expect(pinnedResult.valid).toBe(false);
    expect(pinnedResult.errors.map((e) => e.code)).toEqual(["CHECKPOINT_SIGNATURE_INVALID"]);
    expect(pinnedResult.errors[0]?.message).toContain("rotated out at entry 3");
    // The entries themselves are refused too, once the head is one the old key may sign.
    const layout = layoutOf(fork);
    writeFileSync(layout.checkpoint, readFileSync(layoutOf(copyOf(dir)).checkpoint));
    const entries = verifyLedger({ dir: fork, trust: pinned });
    expect(entries.errors.filter((e) => e.code === "KEY_REVOKED").map((e) => e.index)).toEqual([3, 4]);
  });

  it("still accepts the heads the old key signed up to the rotation, as trusted checkpoints", async () => {
    const { dir, seed } = await ledger(3);
    const old = readFileSync(layoutOf(dir).checkpoint);
    await openLedger(dir).rotate(createKeySigner(seed), createKeySigner(generateSecretKey()));
    const result = verifyLedger({ dir, trustedCheckpoint: old, strict: true });
    expect(result).toMatchObject({ valid: true, extends: { size: 3 } });
  });

  it("flags the old key's entries from --compromised-since on, and leaves the rest valid", async () => {
    const { dir, seed } = await ledger(4);
    await openLedger(dir).rotate(createKeySigner(seed), createKeySigner(generateSecretKey()), { compromisedSince: 2 });
    const result = verifyLedger({ dir, strict: true });
    expect(result.valid).toBe(true);
    expect(result.compromised).toEqual([2, 3]);
    await expect(openLedger(dir).rotate(createKeySigner(generateSecretKey()), createKeySigner(generateSecretKey()))).rejects.toMatchObject({
      code: "UNAUTHORISED_SIGNER",
    });
  });

  it("never takes back a retired key as the new one", async () => {
    const { dir, seed } = await ledger(1);
    const next = generateSecretKey();
    await openLedger(dir).rotate(createKeySigner(seed), createKeySigner(next));
    await expect(openLedger(dir).rotate(createKeySigner(next), createKeySigner(seed))).rejects.toMatchObject({
      code: "BAD_ARGUMENT",
      message: expect.stringContaining("rotated out at entry 1"),
    });
  });
});

describe("log keys answer only to the root", () => {
  it("refuses an in-log revocation of a log key, from the writer and from the verifier", async () => {
    const { dir, seed } = await ledger(1);
    const keyid = keyIdOf(publicKeyFromSecret(seed));
    await expect(openLedger(dir).revokeSigner(createKeySigner(seed), { keyid })).rejects.toMatchObject({
      code: "BAD_ARGUMENT",
      message: expect.stringContaining("trust rotate"),
    });
    await appendRaw(dir, [seed], keyStatement({ action: "revoke", keyid, reason: "hostile co-signer" }));
    expect(verifyLedger({ dir }).errors[0]).toMatchObject({ code: "UNAUTHORISED_SIGNER", index: 1 });
  });
});

describe("revocation is final, and may come first", () => {
  it("never authorises a key the log revoked before adding it, in every verifier path", async () => {
    const { dir, seed } = await ledger(1);
    const contributor = generateSecretKey();
    const keyid = keyIdOf(publicKeyFromSecret(contributor));
    await expect(openLedger(dir).revokeSigner(createKeySigner(seed), { keyid })).rejects.toMatchObject({ code: "UNKNOWN_KEY" });
    await appendRaw(dir, [seed], keyStatement({ action: "revoke", keyid, reason: "revoked first" }));
    // Commit the hand-written revocation by hand (a writer covers only lines it wrote), then try to add the key.
    signHeadByHand(dir, seed);
    await expect(
      openLedger(dir).addSigner(createKeySigner(seed), { publicKey: publicKeyFromSecret(contributor), identity: "github:dev", roles: [] }),
    ).rejects.toMatchObject({ code: "BAD_ARGUMENT", message: expect.stringContaining("revoked at entry 1") });
    const add = keyStatement({
      action: "add",
      keyid,
      publicKey: Buffer.from(publicKeyFromSecret(contributor)).toString("base64"),
      identity: "github:dev",
      roles: [],
    });
    await appendRaw(dir, [seed], add);
    signHeadByHand(dir, seed);
    await appendRaw(dir, [contributor], noteStatement("by the revoked key"));
    const checkpointBefore = readFileSync(layoutOf(dir).checkpoint);
    // The writer's recovery refuses to cover the entry ...
    await expect(openLedger(dir).write(createKeySigner(seed), async () => {})).rejects.toMatchObject({
      code: "UNCOMMITTED_TAIL",
      index: 3,
    });
    // ... and the verifier refuses it, with or without a trusted checkpoint.
    expect(verifyLedger({ dir }).errors[0]).toMatchObject({ code: "KEY_REVOKED", index: 3 });
    expect(verifyLedger({ dir, trustedCheckpoint: checkpointBefore }).errors[0]).toMatchObject({ code: "KEY_REVOKED", index: 3 });
  });
});

describe("a trusted checkpoint never hides an unauthorised entry", () => {
  it("checks the authorisation of every entry it covers, skipping only the signature arithmetic", async () => {
    const { dir, seed } = await ledger(1);
    const contributor = generateSecretKey();
    await openLedger(dir).addSigner(createKeySigner(seed), {
      publicKey: publicKeyFromSecret(contributor),
      identity: "github:dev",
      roles: [],
    });
    await openLedger(dir).revokeSigner(createKeySigner(seed), { keyid: keyIdOf(publicKeyFromSecret(contributor)) });
    await appendRaw(dir, [contributor], noteStatement("after its revocation"));
    // Someone with the log key signs a checkpoint over the bad entry by hand; the checkpoint is then "trusted".
    signHeadByHand(dir, seed);
    expect(verifyLedger({ dir }).errors[0]).toMatchObject({ code: "KEY_REVOKED", index: 3 });
    const own = readFileSync(layoutOf(dir).checkpoint);
    const pinned = verifyLedger({ dir, trustedCheckpoint: own });
    expect(pinned.valid).toBe(false);
    expect(pinned.errors[0]).toMatchObject({ code: "KEY_REVOKED", index: 3 });
  });

  it("refuses an entry it covers whose signer the log never knew", async () => {
    const { dir, seed } = await ledger(1);
    await appendRaw(dir, [generateSecretKey()], noteStatement("by nobody"));
    await expect(openLedger(dir).write(createKeySigner(seed), async () => {})).rejects.toMatchObject({ code: "UNCOMMITTED_TAIL" });
    signHeadByHand(dir, seed);
    const own = readFileSync(layoutOf(dir).checkpoint);
    expect(verifyLedger({ dir, trustedCheckpoint: own }).errors[0]).toMatchObject({ code: "UNAUTHORISED_SIGNER", index: 1 });
  });
});
