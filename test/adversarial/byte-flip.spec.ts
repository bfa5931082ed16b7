import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  cosignatureLine,
  formatVerifierKey,
  layoutOf,
  parseVerifierKey,
  publicKeyFromSecret,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  verifyLedger,
} from "@shoulders/ledger";
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

describe("flipping each byte of a witness's cosignature", () => {
  it("makes the checkpoint fail a verifier who requires that witness: every flip of the cosignature line is caught", () => {
    const layout = layoutOf(dir);
    const original = readFileSync(layout.checkpoint);
    const text = original.toString("utf8");
    const witness = { name: "witness.example/w1", seed: new Uint8Array(32).fill(5) };
    const key = parseVerifierKey(
      formatVerifierKey(witness.name, publicKeyFromSecret(witness.seed), SIGNATURE_TYPE_COSIGNATURE_V1),
      SIGNATURE_TYPE_COSIGNATURE_V1,
    );
    const now = 1_800_000_000;
    const line = cosignatureLine(text.slice(0, text.indexOf("\n\n") + 1), witness, now);
    const cosigned = Buffer.concat([original, Buffer.from(line)]);
    const requirement = { keys: [key], required: 1, nowSeconds: now };
    const quorum = () => verifyLedger({ dir, witnesses: requirement }).valid;
    try {
      writeFileSync(layout.checkpoint, cosigned);
      expect(quorum()).toBe(true);
      let missed = 0;
      for (let position = original.length; position < cosigned.length - 1; position++) {
        for (const bit of [0x01, 0x80]) {
          const flipped = Buffer.from(cosigned);
          flipped[position] = (flipped[position] as number) ^ bit;
          writeFileSync(layout.checkpoint, flipped);
          if (quorum()) missed++;
        }
      }
      expect(missed).toBe(0);
    } finally {
      writeFileSync(layout.checkpoint, original);
    }
  });
});
