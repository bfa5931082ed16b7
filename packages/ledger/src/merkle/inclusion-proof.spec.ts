import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../bytes.js";
import { leafHash } from "./hash.js";
import { inclusionProof } from "./inclusion-proof.js";

const vectors: {
  leafInputs: string[];
  inclusionProofs: { index: number; size: number; proof: string[] }[];
} = JSON.parse(readFileSync(new URL("./testdata/transparency-dev-vectors.json", import.meta.url), "utf8"));
const leaves = vectors.leafInputs.map((input) => leafHash(fromHex(input)));

describe("inclusionProof (RFC 9162 §2.1.3.1)", () => {
  for (const { index, size, proof } of vectors.inclusionProofs) {
    it(`gives transparency-dev's path for leaf ${index} of ${size}`, () => {
      expect(inclusionProof(leaves, index, size).map(toHex)).toEqual(proof);
    });
  }

  it("gives every leaf of 8 a path of 3, and the leaf of a 1-leaf tree an empty one", () => {
    for (let index = 0; index < 8; index++) expect(inclusionProof(leaves, index, 8)).toHaveLength(3);
    expect(inclusionProof(leaves, 0, 1)).toEqual([]);
  });

  it("refuses an index at or beyond the size", () => {
    expect(() => inclusionProof(leaves, 3, 3)).toThrow(expect.objectContaining({ code: "INDEX_OUT_OF_RANGE" }));
    expect(() => inclusionProof(leaves, 0, 0)).toThrow(expect.objectContaining({ code: "INDEX_OUT_OF_RANGE" }));
  });

  it("refuses a size beyond the leaves, and arguments that are not counts", () => {
    expect(() => inclusionProof(leaves, 0, 9)).toThrow(expect.objectContaining({ code: "INDEX_OUT_OF_RANGE" }));
    expect(() => inclusionProof(leaves, -1, 8)).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
    expect(() => inclusionProof(leaves, 0.5, 8)).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
  });
});
