import { appendFileSync, existsSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import {
  bindStatement,
  createKeySigner,
  encodeStatement,
  layoutOf,
  openLedger,
  parseEnvelope,
  parseStatement,
  readLog,
  SEGMENT_SIZE,
  ShouldersError,
  type Signer,
  type Statement,
  segmentPath,
  serializeEnvelope,
  signEnvelope,
  verifyLedger,
} from "@shoulders/ledger";
import { afterEach, describe, expect, it } from "vitest";
import { signedLine as fastSignedLine, fastSigner } from "../bench/fixtures.mjs";
import { bound, makeLedger, noteStatement, ORIGIN } from "../support/ledger.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function ledger(count = 0) {
  const made = await makeLedger(count);
  cleanups.push(made.cleanup);
  return made;
}

async function signedLine(seed: Uint8Array, text: string): Promise<string> {
  return serializeEnvelope(await signEnvelope(encodeStatement(bound(noteStatement(text))), [createKeySigner(seed)]));
}

/**
 * A writer killed between writing its lines and signing their checkpoint: the real append, with a signer that fails
 * when asked to sign a checkpoint (a note whose first line is the origin), so the record and the lines stay behind.
 */
async function crashBeforeCheckpoint(dir: string, seed: Uint8Array, statements: Statement[]): Promise<void> {
  const real = createKeySigner(seed);
  const crashing: Signer = {
    keyid: real.keyid,
    publicKey: real.publicKey,
    sign: async (message) => {
      if (Buffer.from(message).toString("utf8").startsWith(`${ORIGIN}\n`)) throw new Error("killed");
      return real.sign(message);
    },
  };
  await expect(openLedger(dir).append(statements, crashing)).rejects.toThrow("killed");
}

function lineCount(dir: string, segment = 0): number {
  const text = readFileSync(segmentPath(layoutOf(dir), segment), "utf8");
  return text === "" ? 0 : text.split("\n").length - 1;
}

describe("LogWriter", () => {
  it("appends entries and signs a checkpoint that verifies", async () => {
    const { dir } = await ledger(3);
    const result = verifyLedger({ dir });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.treeSize).toBe(3);
    expect(lineCount(dir)).toBe(3);
  });

  it("rebuilds a deleted frontier cache from the log, which is safe to delete", async () => {
    const { dir, seed } = await ledger(5);
    rmSync(layoutOf(dir).frontier);
    await openLedger(dir).append([noteStatement("after cache loss")], createKeySigner(seed));
    expect(verifyLedger({ dir }).valid).toBe(true);
    expect(verifyLedger({ dir }).treeSize).toBe(6);
  });

  it("ignores a frontier cache that does not match the signed checkpoint", async () => {
    const { dir, seed } = await ledger(4);
    const cache = JSON.parse(readFileSync(layoutOf(dir).frontier, "utf8"));
    cache.hashes[0] = "00".repeat(32);
    writeFileSync(layoutOf(dir).frontier, JSON.stringify(cache));
    await openLedger(dir).append([noteStatement("after a poisoned cache")], createKeySigner(seed));
    expect(verifyLedger({ dir }).valid).toBe(true);
  });

  it("rolls over to a new segment after 16,384 entries", async () => {
    const { dir, seed } = await ledger();
    // Distinct statements (a statement enters once), signed with node:crypto's Ed25519: the same bytes, faster.
    const signer = fastSigner(seed);
    const lines = Array.from({ length: SEGMENT_SIZE + 3 }, (_, index) =>
      fastSignedLine(signer, bindStatement(noteStatement(`bulk ${index}`), { origin: ORIGIN, index })),
    );
    await openLedger(dir).write(createKeySigner(seed), async (writer) => {
      await writer.append(lines);
    });
    expect(lineCount(dir, 0)).toBe(SEGMENT_SIZE);
    expect(lineCount(dir, 1)).toBe(3);
    await openLedger(dir).append([noteStatement("one more")], createKeySigner(seed));
    expect(lineCount(dir, 1)).toBe(4);
    const result = verifyLedger({ dir });
    expect(result.errors).toEqual([]);
    expect(result.treeSize).toBe(SEGMENT_SIZE + 4);
  });

  it("removes a half-written line left by a killed writer", async () => {
    const { dir, seed } = await ledger(2);
    const partial = (await signedLine(seed, "never finished")).slice(0, 50);
    appendFileSync(segmentPath(layoutOf(dir), 0), partial);
    expect(verifyLedger({ dir }).warnings.map((w) => w.code)).toContain("UNCOMMITTED_TAIL");
    expect(verifyLedger({ dir, strict: true }).valid).toBe(false);
    await openLedger(dir).append([noteStatement("next")], createKeySigner(seed));
    const result = verifyLedger({ dir, strict: true });
    expect(result.errors).toEqual([]);
    expect(result.treeSize).toBe(3);
  });

  it("never covers complete lines past the checkpoint that it did not write, even when they verify", async () => {
    const { dir, seed } = await ledger(1);
    // Raw lines from a pull request, signed by the log key itself: no interrupted write of this writer left them.
    appendFileSync(segmentPath(layoutOf(dir), 0), `${await signedLine(seed, "written, not committed")}\n`);
    const before = verifyLedger({ dir });
    expect(before.valid).toBe(true);
    expect(before.uncommitted).toBe(1);
    const bytes = readFileSync(segmentPath(layoutOf(dir), 0));
    await expect(openLedger(dir).append([noteStatement("next")], createKeySigner(seed))).rejects.toMatchObject({
      code: "UNCOMMITTED_TAIL",
      index: 1,
      message: expect.stringContaining("no interrupted write of this ledger left"),
    });
    expect(readFileSync(segmentPath(layoutOf(dir), 0))).toEqual(bytes);
    expect(verifyLedger({ dir }).treeSize).toBe(1);
  });

  it("refuses to cover an uncommitted line that does not verify, and changes nothing", async () => {
    const { dir, seed } = await ledger(1);
    // Another first character of the signature, whatever it was: the line no longer verifies.
    const forged = (await signedLine(seed, "forged")).replace(/"sig":"(.)/, (_, first) => `"sig":"${first === "A" ? "B" : "A"}`);
    appendFileSync(segmentPath(layoutOf(dir), 0), `${forged}\n`);
    const before = readFileSync(segmentPath(layoutOf(dir), 0));
    await expect(openLedger(dir).append([noteStatement("next")], createKeySigner(seed))).rejects.toMatchObject({
      code: "UNCOMMITTED_TAIL",
    });
    expect(readFileSync(segmentPath(layoutOf(dir), 0))).toEqual(before);
  });

  it("rolls forward an append whose lines all reached the disk before the crash", async () => {
    const { dir, seed } = await ledger(2);
    const layout = layoutOf(dir);
    await crashBeforeCheckpoint(dir, seed, [noteStatement("crashed after the write")]);
    expect(existsSync(layout.txn)).toBe(true);
    expect(verifyLedger({ dir }).uncommitted).toBe(1);
    await openLedger(dir).append([noteStatement("next")], createKeySigner(seed));
    expect(existsSync(layout.txn)).toBe(false);
    const result = verifyLedger({ dir, strict: true });
    expect(result.errors).toEqual([]);
    expect(result.treeSize).toBe(4);
  });

  it("rolls back an append whose lines did not all reach the disk", async () => {
    const { dir, seed } = await ledger(2);
    const layout = layoutOf(dir);
    await crashBeforeCheckpoint(dir, seed, [noteStatement("a"), noteStatement("b")]);
    const written = readFileSync(segmentPath(layout, 0));
    // The second line did not reach the disk whole.
    truncateSync(segmentPath(layout, 0), written.length - 40);
    await openLedger(dir).append([noteStatement("next")], createKeySigner(seed));
    const result = verifyLedger({ dir, strict: true });
    expect(result.errors).toEqual([]);
    expect(result.treeSize).toBe(3);
    const names = [...readLog(layout)].flatMap((event) =>
      event.kind === "line" ? [parseStatement(parseEnvelope(event.bytes, { compact: true }).payloadBytes).subject[0]?.name] : [],
    );
    expect(names).toHaveLength(3);
    expect(names).not.toContain("note:a");
  });

  it("never finishes a write-ahead record that no log key signed: a planted record covers nothing", async () => {
    const { dir, seed } = await ledger(2);
    const layout = layoutOf(dir);
    await crashBeforeCheckpoint(dir, seed, [noteStatement("crashed after the write")]);
    const txn = JSON.parse(readFileSync(layout.txn, "utf8"));
    writeFileSync(layout.txn, JSON.stringify({ ...txn, signature: Buffer.alloc(64).toString("base64") }));
    const bytes = readFileSync(segmentPath(layout, 0));
    await expect(openLedger(dir).append([noteStatement("next")], createKeySigner(seed))).rejects.toMatchObject({
      code: "UNCOMMITTED_TAIL",
      message: expect.stringContaining("not signed by a log key"),
    });
    expect(readFileSync(segmentPath(layout, 0))).toEqual(bytes);
  });

  it("refuses a key that is not a log key", async () => {
    const { dir } = await ledger(1);
    const { generateSecretKey } = await import("@shoulders/ledger");
    await expect(openLedger(dir).append([noteStatement("x")], createKeySigner(generateSecretKey()))).rejects.toBeInstanceOf(ShouldersError);
  });

  it("never writes a checkpoint when the log does not match it", async () => {
    const { dir, seed } = await ledger(3);
    const layout = layoutOf(dir);
    rmSync(layout.frontier);
    const path = segmentPath(layout, 0);
    truncateSync(path, statSync(path).size - 1);
    appendFileSync(path, " \n");
    const checkpoint = readFileSync(layout.checkpoint);
    await expect(openLedger(dir).append([noteStatement("x")], createKeySigner(seed))).rejects.toMatchObject({
      code: "CHECKPOINT_MISMATCH",
    });
    expect(readFileSync(layout.checkpoint)).toEqual(checkpoint);
  });
});
