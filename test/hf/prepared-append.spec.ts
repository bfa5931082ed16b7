/** LogWriter.prepare: the two-phase append the upload hook relies on (publish the future files, then append). */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  createKeySigner,
  encodeStatement,
  layoutOf,
  openLedger,
  SEGMENT_SIZE,
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

async function line(seed: Uint8Array, text: string): Promise<string> {
  return serializeEnvelope(await signEnvelope(encodeStatement(bound(noteStatement(text))), [createKeySigner(seed)]));
}

function files(dir: string): Record<string, string> {
  const layout = layoutOf(dir);
  const out: Record<string, string> = { checkpoint: readFileSync(layout.checkpoint, "utf8") };
  for (const name of readdirSync(layout.logDir)) out[name] = readFileSync(join(layout.logDir, name), "utf8");
  return out;
}

describe("LogWriter.prepare", () => {
  it("computes the exact files append writes, and touches nothing", async () => {
    const made = await makeLedger(3);
    cleanups.push(made.cleanup);
    const lines = [await line(made.seed, "a"), await line(made.seed, "b")];
    await openLedger(made.dir).write(createKeySigner(made.seed), async (writer) => {
      const before = files(made.dir);
      const prepared = await writer.prepare(lines);
      expect(files(made.dir)).toEqual(before);
      expect(existsSync(layoutOf(made.dir).txn)).toBe(false);
      expect(prepared).toMatchObject({ firstIndex: 3, count: 2, checkpoint: { size: 5 } });
      const appended = await writer.append(lines);
      expect(appended.note).toBe(prepared.note);
      expect(files(made.dir)).toEqual({ checkpoint: prepared.note, "000000.jsonl": prepared.segments[0]?.bytes.toString("utf8") });
    });
    expect(verifyLedger({ dir: made.dir })).toMatchObject({ valid: true, treeSize: 5 });
  });

  it("splits across a segment boundary like append", async () => {
    const made = await makeLedger(0);
    cleanups.push(made.cleanup);
    const bulk = await line(made.seed, "bulk");
    await openLedger(made.dir).write(createKeySigner(made.seed), async (writer) => {
      await writer.append(Array.from({ length: SEGMENT_SIZE - 1 }, () => bulk));
      const lines = [await line(made.seed, "last of 0"), await line(made.seed, "first of 1"), await line(made.seed, "second of 1")];
      const prepared = await writer.prepare(lines);
      expect(prepared.segments.map((segment) => segment.name)).toEqual(["000000.jsonl", "000001.jsonl"]);
      await writer.append(lines);
      expect(files(made.dir)).toEqual({
        checkpoint: prepared.note,
        "000000.jsonl": prepared.segments[0]?.bytes.toString("utf8"),
        "000001.jsonl": prepared.segments[1]?.bytes.toString("utf8"),
      });
      expect((await writer.prepare([])).segments).toEqual([]);
    });
  });
});
