import { appendFileSync, existsSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import {
  createKeySigner,
  encodeStatement,
  layoutOf,
  openLedger,
  SEGMENT_SIZE,
  ShouldersError,
  segmentPath,
  serializeEnvelope,
  signEnvelope,
  verifyLedger,
} from "@shoulders/ledger";
import { afterEach, describe, expect, it } from "vitest";
import { makeLedger, noteStatement } from "../support/ledger.js";

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
  return serializeEnvelope(await signEnvelope(encodeStatement(noteStatement(text)), [createKeySigner(seed)]));
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
    const line = await signedLine(seed, "bulk");
    await openLedger(dir).write(createKeySigner(seed), async (writer) => {
      await writer.append(Array.from({ length: SEGMENT_SIZE + 3 }, () => line));
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

  it("covers complete uncommitted lines that verify, as docs/format.md asks of the next writer", async () => {
    const { dir, seed } = await ledger(1);
    appendFileSync(segmentPath(layoutOf(dir), 0), `${await signedLine(seed, "written, not committed")}\n`);
    const before = verifyLedger({ dir });
    expect(before.valid).toBe(true);
    expect(before.uncommitted).toBe(1);
    await openLedger(dir).append([noteStatement("next")], createKeySigner(seed));
    const after = verifyLedger({ dir, strict: true });
    expect(after.valid).toBe(true);
    expect(after.treeSize).toBe(3);
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
    const line = await signedLine(seed, "crashed after the write");
    const { leafHash, toHex } = await import("@shoulders/ledger");
    const txn = {
      version: 1,
      baseSize: 2,
      baseSegmentBytes: statSync(segmentPath(layout, 0)).size,
      leafHashes: [toHex(leafHash(Buffer.from(line)))],
      removeAfterCommit: [],
    };
    writeFileSync(layout.txn, JSON.stringify(txn));
    appendFileSync(segmentPath(layout, 0), `${line}\n`);
    await openLedger(dir).append([noteStatement("next")], createKeySigner(seed));
    expect(existsSync(layout.txn)).toBe(false);
    const result = verifyLedger({ dir, strict: true });
    expect(result.errors).toEqual([]);
    expect(result.treeSize).toBe(4);
  });

  it("rolls back an append whose lines did not all reach the disk", async () => {
    const { dir, seed } = await ledger(2);
    const layout = layoutOf(dir);
    const lines = [await signedLine(seed, "a"), await signedLine(seed, "b")];
    const { leafHash, toHex } = await import("@shoulders/ledger");
    const baseSegmentBytes = statSync(segmentPath(layout, 0)).size;
    writeFileSync(
      layout.txn,
      JSON.stringify({
        version: 1,
        baseSize: 2,
        baseSegmentBytes,
        leafHashes: lines.map((l) => toHex(leafHash(Buffer.from(l)))),
        removeAfterCommit: [],
      }),
    );
    appendFileSync(segmentPath(layout, 0), `${lines[0]}\n${lines[1]?.slice(0, 10)}`);
    await openLedger(dir).append([noteStatement("next")], createKeySigner(seed));
    const result = verifyLedger({ dir, strict: true });
    expect(result.errors).toEqual([]);
    expect(result.treeSize).toBe(3);
    expect(readFileSync(segmentPath(layout, 0), "utf8")).not.toContain(lines[0]);
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
