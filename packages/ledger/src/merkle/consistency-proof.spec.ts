import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../bytes.js";
import { consistencyProof } from "./consistency-proof.js";
import { leafHash } from "./hash.js";

const vectors: {
  leafInputs: string[];
  consistencyProofs: { oldSize: number; newSize: number; proof: string[] }[];
} = JSON.parse(readFileSync(new URL("./testdata/transparency-dev-vectors.json", import.meta.url), "utf8"));
const leaves = vectors.leafInputs.map((input) => leafHash(fromHex(input)));

describe("consistencyProof (RFC 9162 §2.1.4.1)", () => {
  for (const { oldSize, newSize, proof } of vectors.consistencyProofs) {
    it(`gives transparency-dev's proof from ${oldSize} to ${newSize}`, () => {
      expect(consistencyProof(leaves, oldSize, newSize).map(toHex)).toEqual(proof);
    });
  }

  it("gives an empty proof between a tree and itself", () => {
    for (let size = 1; size <= 8; size++) expect(consistencyProof(leaves, size, size)).toEqual([]);
  });

  it("leaves out the old root when the old tree is perfect, and includes it otherwise", () => {
    // 4 → 8: the old tree is the new root's left child, so only the right child is needed.
    expect(consistencyProof(leaves, 4, 8).map(toHex)).toEqual(["6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]);
    // 3 → 4: the old tree is no node of the new one, so the proof starts from leaf 2.
    expect(consistencyProof(leaves, 3, 4).map(toHex)).toEqual([
      toHex(leaves[2] as Uint8Array),
      toHex(leaves[3] as Uint8Array),
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    ]);
  });

  it("refuses an old size above the new one, an old size of 0, and a new size beyond the leaves", () => {
    expect(() => consistencyProof(leaves, 5, 4)).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
    expect(() => consistencyProof(leaves, 0, 4)).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
    expect(() => consistencyProof(leaves, 0, 0)).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
    expect(() => consistencyProof(leaves, 1, 9)).toThrow(expect.objectContaining({ code: "INDEX_OUT_OF_RANGE" }));
    expect(() => consistencyProof(leaves, 1.5, 4)).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
  });
});
