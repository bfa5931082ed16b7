import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromHex } from "../bytes.js";
import { EMPTY_ROOT } from "./hash.js";
import { verifyConsistency } from "./verify-consistency.js";

type Probe = {
  file: string;
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
};
const read = (name: string) => JSON.parse(readFileSync(new URL(`./testdata/${name}`, import.meta.url), "utf8"));
const probes: { consistency: Probe[] } = read("transparency-dev-probes.json");
const vectors: {
  rootHashes: string[];
  consistencyProofs: { oldSize: number; newSize: number; proof: string[] }[];
} = read("transparency-dev-vectors.json");
const b64 = (text: string) => new Uint8Array(Buffer.from(text, "base64"));
const root = (size: number) => fromHex(vectors.rootHashes[size] as string);

/**
 * Where this verifier is stricter than transparency-dev/merkle. Its equal-sizes case compares the two roots without
 * checking their length, so it accepts two identical 12-byte "roots". No tree head is 12 bytes, so we refuse.
 */
const STRICTER: Record<string, boolean> = {
  "consistency/additional/sizes-are-equal-one-and-proof-is-empty.json": false,
};

describe("verifyConsistency (RFC 9162 §2.1.4.2)", () => {
  it("accepts transparency-dev's consistency proofs", () => {
    for (const { oldSize, newSize, proof } of vectors.consistencyProofs) {
      const path = proof.map((h) => fromHex(h));
      expect(verifyConsistency(oldSize, newSize, root(oldSize), root(newSize), path)).toBe(true);
    }
  });

  // 98 probes: happy paths, wrong sizes (±1, ^2, ×2, /2), wrong or swapped roots, empty, truncated or padded proofs,
  // flipped bits, and the edge cases: size 0, equal sizes, old size above new.
  for (const probe of probes.consistency) {
    const want = STRICTER[probe.file] ?? !probe.wantErr;
    it(`transparency-dev probe ${probe.file}: ${want ? "accepts" : "refuses"} (${probe.desc})`, () => {
      const proof = (probe.proof ?? []).map(b64);
      expect(verifyConsistency(probe.size1, probe.size2, b64(probe.root1), b64(probe.root2), proof)).toBe(want);
    });
  }

  it("accepts equal sizes only with an empty proof and equal roots", () => {
    expect(verifyConsistency(5, 5, root(5), root(5), [])).toBe(true);
    expect(verifyConsistency(5, 5, root(5), root(6), [])).toBe(false);
    expect(verifyConsistency(5, 5, root(5), root(5), [root(5)])).toBe(false);
  });

  it("refuses an old size of 0, even against the empty root: the caller checks an empty old head itself", () => {
    expect(verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])).toBe(false);
    expect(verifyConsistency(0, 3, EMPTY_ROOT, root(3), [])).toBe(false);
  });

  it("refuses an old size above the new one, even with a proof that would otherwise fit", () => {
    const proof = vectors.consistencyProofs.find((p) => p.oldSize === 2 && p.newSize === 5)?.proof ?? [];
    expect(
      verifyConsistency(
        2,
        5,
        root(2),
        root(5),
        proof.map((h) => fromHex(h)),
      ),
    ).toBe(true);
    expect(
      verifyConsistency(
        5,
        2,
        root(5),
        root(2),
        proof.map((h) => fromHex(h)),
      ),
    ).toBe(false);
    expect(
      verifyConsistency(
        5,
        2,
        root(2),
        root(5),
        proof.map((h) => fromHex(h)),
      ),
    ).toBe(false);
  });

  it("never throws, whatever it is given", () => {
    const value = fc.oneof(
      fc.anything(),
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.array(fc.uint8Array({ minLength: 31, maxLength: 33 }), { maxLength: 70 }),
      fc.oneof(fc.integer(), fc.double(), fc.bigInt()),
    );
    fc.assert(
      fc.property(value, value, value, value, value, (oldSize, newSize, oldRoot, newRoot, proof) => {
        const ok = verifyConsistency(
          oldSize as number,
          newSize as number,
          oldRoot as Uint8Array,
          newRoot as Uint8Array,
          proof as Uint8Array[],
        );
        expect(typeof ok).toBe("boolean");
      }),
    );
  });
});
