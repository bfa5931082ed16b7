import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../bytes.js";
import { appendLeaf, emptyFrontier, type Frontier, frontierFromLeaves, frontierRoot, isWellFormedFrontier } from "./frontier.js";
import { EMPTY_ROOT, leafHash } from "./hash.js";

const vectors: { leafInputs: string[]; rootHashes: string[]; compactTrees: string[][] } = JSON.parse(
  readFileSync(new URL("./testdata/transparency-dev-vectors.json", import.meta.url), "utf8"),
);
const leaves = vectors.leafInputs.map((input) => leafHash(fromHex(input)));

describe("frontier (compact range)", () => {
  it("holds transparency-dev's compact range and root after each of 0 to 8 appends", () => {
    let frontier = emptyFrontier();
    for (let size = 0; size <= 8; size++) {
      expect(frontier.size).toBe(size);
      expect(frontier.hashes.map(toHex)).toEqual(vectors.compactTrees[size]);
      expect(toHex(frontierRoot(frontier))).toBe(vectors.rootHashes[size]);
      const leaf = leaves[size];
      if (leaf !== undefined) frontier = appendLeaf(frontier, leaf);
    }
  });

  it("builds the same frontier from a list of leaves", () => {
    for (let size = 0; size <= 8; size++) {
      const frontier = frontierFromLeaves(leaves.slice(0, size));
      expect(frontier.size).toBe(size);
      expect(frontier.hashes.map(toHex)).toEqual(vectors.compactTrees[size]);
    }
  });

  it("is pure: appending leaves the old frontier as it was", () => {
    const before = frontierFromLeaves(leaves.slice(0, 7));
    const hashes = before.hashes.slice();
    const after = appendLeaf(before, leaves[7] as Uint8Array);
    expect(before.size).toBe(7);
    expect(before.hashes).toEqual(hashes);
    expect(after.hashes).toHaveLength(1);
  });

  it("gives the empty frontier EMPTY_ROOT, as a copy", () => {
    const root = frontierRoot(emptyFrontier());
    expect(toHex(root)).toBe(toHex(EMPTY_ROOT));
    root.fill(0);
    expect(toHex(frontierRoot(emptyFrontier()))).toBe(toHex(EMPTY_ROOT));
  });

  it("recognises a well-formed frontier read from disk, and nothing else", () => {
    const h = new Uint8Array(32);
    expect(isWellFormedFrontier({ size: 0, hashes: [] })).toBe(true);
    expect(isWellFormedFrontier({ size: 6, hashes: [h, h] })).toBe(true);
    expect(isWellFormedFrontier({ size: 2 ** 40 + 1, hashes: [h, h] })).toBe(true);
    for (const bad of [
      null,
      "frontier",
      [],
      { size: 6, hashes: [h] }, // popcount(6) = 2
      { size: 6, hashes: [h, h, h] },
      { size: 6, hashes: [h, new Uint8Array(31)] },
      { size: 1, hashes: [Array.from(h)] },
      { size: -1, hashes: [] },
      { size: 1.5, hashes: [h] },
      { size: 2 ** 53, hashes: [h] },
      { size: "1", hashes: [h] },
      { size: 1 },
      { hashes: [] },
    ]) {
      expect(isWellFormedFrontier(bad)).toBe(false);
    }
  });

  it("refuses a malformed frontier or leaf hash with BAD_ARGUMENT", () => {
    const h = new Uint8Array(32);
    const bad = { size: 3, hashes: [h] } as Frontier;
    expect(() => appendLeaf(bad, h)).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
    expect(() => frontierRoot(bad)).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
    expect(() => appendLeaf(emptyFrontier(), new Uint8Array(31))).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
    expect(() => frontierFromLeaves([h, new Uint8Array(0)])).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
  });

  it("refuses to grow past 2^53 − 1 leaves, where sizes stop being exact", () => {
    const full = { size: Number.MAX_SAFE_INTEGER, hashes: Array.from({ length: 53 }, () => new Uint8Array(32)) };
    expect(isWellFormedFrontier(full)).toBe(true);
    expect(() => appendLeaf(full, new Uint8Array(32))).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
  });
});
