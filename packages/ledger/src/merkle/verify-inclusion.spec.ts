import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromHex } from "../bytes.js";
import { leafHash } from "./hash.js";
import { verifyInclusion } from "./verify-inclusion.js";

type Probe = {
  file: string;
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
};
const read = (name: string) => JSON.parse(readFileSync(new URL(`./testdata/${name}`, import.meta.url), "utf8"));
const probes: { inclusion: Probe[] } = read("transparency-dev-probes.json");
const vectors: {
  leafInputs: string[];
  rootHashes: string[];
  inclusionProofs: { index: number; size: number; proof: string[] }[];
} = read("transparency-dev-vectors.json");
const b64 = (text: string) => new Uint8Array(Buffer.from(text, "base64"));
const leaves = vectors.leafInputs.map((input) => leafHash(fromHex(input)));

describe("verifyInclusion (RFC 9162 §2.1.3.2)", () => {
  it("accepts transparency-dev's inclusion proofs", () => {
    for (const { index, size, proof } of vectors.inclusionProofs) {
      const root = fromHex(vectors.rootHashes[size] as string);
      expect(
        verifyInclusion(
          leaves[index] as Uint8Array,
          index,
          size,
          proof.map((h) => fromHex(h)),
          root,
        ),
      ).toBe(true);
    }
  });

  // 98 probes: happy paths, wrong index (±1, ^2, 2^64 − 1), size ×2 and /2, wrong leaf, empty or random root,
  // garbage or roots added before or after, components removed or inserted, flipped bits.
  for (const probe of probes.inclusion) {
    it(`transparency-dev probe ${probe.file}: ${probe.wantErr ? "refuses" : "accepts"} (${probe.desc})`, () => {
      const proof = (probe.proof ?? []).map(b64);
      expect(verifyInclusion(b64(probe.leafHash), probe.leafIdx, probe.treeSize, proof, b64(probe.root))).toBe(!probe.wantErr);
    });
  }

  it("refuses anything for the empty tree, and an index at or past the size", () => {
    const root = fromHex(vectors.rootHashes[3] as string);
    const proof = [fromHex(vectors.inclusionProofs[3]?.proof[0] as string)]; // leaf 2 of 3
    expect(verifyInclusion(leaves[2] as Uint8Array, 2, 3, proof, root)).toBe(true);
    expect(verifyInclusion(leaves[2] as Uint8Array, 3, 3, proof, root)).toBe(false);
    expect(verifyInclusion(leaves[2] as Uint8Array, 0, 0, [], root)).toBe(false);
  });

  it("binds a root to a size only through the caller: take the size from the signed head, never from the proof", () => {
    // Leaf 0 of 3 and leaf 0 of 4 have paths of the same shape, so §2.1.3.2 accepts the 3-leaf proof "at size 4"
    // against the 3-leaf root. That is sound only because a checkpoint signs its size together with its root.
    const [leaf0, leaf1, leaf2] = leaves as [Uint8Array, Uint8Array, Uint8Array];
    const root3 = fromHex(vectors.rootHashes[3] as string);
    expect(verifyInclusion(leaf0, 0, 3, [leaf1, leaf2], root3)).toBe(true);
    expect(verifyInclusion(leaf0, 0, 4, [leaf1, leaf2], root3)).toBe(true);
    expect(verifyInclusion(leaf0, 0, 5, [leaf1, leaf2], root3)).toBe(false);
  });

  it("never throws, whatever it is given", () => {
    const value = fc.oneof(
      fc.anything(),
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.array(fc.uint8Array({ minLength: 31, maxLength: 33 }), { maxLength: 70 }),
      fc.oneof(fc.integer(), fc.double(), fc.bigInt()),
    );
    fc.assert(
      fc.property(value, value, value, value, value, (leaf, index, size, proof, root) => {
        const ok = verifyInclusion(leaf as Uint8Array, index as number, size as number, proof as Uint8Array[], root as Uint8Array);
        expect(typeof ok).toBe("boolean");
      }),
    );
  });
});
