import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { layoutOf, verifyLedger } from "@shoulders/ledger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeLedger } from "../support/ledger.js";

let dir: string;
let cleanup: () => void;

/** What a reader takes from a ledger: if a flipped byte leaves this unchanged, the flip was harmless. */
function meaning(): string {
  const result = verifyLedger({ dir, collect: true });
  if (!result.valid) return "invalid";
  return JSON.stringify({
    origin: result.origin,
    treeSize: result.treeSize,
    root: result.rootHash,
    statements: result.statements?.map((entry) => entry.statement),
  });
}

beforeAll(async () => {
  ({ dir, cleanup } = await makeLedger(3));
});
afterAll(() => cleanup());

describe("flipping each byte of a small ledger", () => {
  it("is either detected or harmless, for every bit flip in trust.json, the checkpoint and the log", () => {
    const layout = layoutOf(dir);
    const files = [layout.trust, layout.checkpoint, ...readdirSync(layout.logDir).map((name) => join(layout.logDir, name))];
    const baseline = meaning();
    expect(baseline).not.toBe("invalid");
    let flips = 0;
    let detected = 0;
    for (const file of files) {
      const original = readFileSync(file);
      for (let position = 0; position < original.length; position++) {
        for (const bit of [0x01, 0x80]) {
          const flipped = Buffer.from(original);
          flipped[position] = (flipped[position] as number) ^ bit;
          writeFileSync(file, flipped);
          const after = meaning();
          flips++;
          if (after === "invalid") detected++;
          else expect(after, `${file} byte ${position} bit ${bit} changed the meaning without being detected`).toBe(baseline);
        }
      }
      writeFileSync(file, original);
    }
    expect(meaning()).toBe(baseline);
    // Nearly every flip must be caught; the rest (e.g. whitespace in trust.json) change nothing a reader sees.
    expect(detected / flips).toBeGreaterThan(0.95);
  });
});
