import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../bytes.js";
import { sha256 } from "../sha256.js";
import { EMPTY_ROOT, leafHash } from "./hash.js";
import { treeHash } from "./tree-hash.js";

const vectors: { leafInputs: string[]; rootHashes: string[] } = JSON.parse(
  readFileSync(new URL("./testdata/transparency-dev-vectors.json", import.meta.url), "utf8"),
);
const leaves = vectors.leafInputs.map((input) => leafHash(fromHex(input)));

describe("treeHash (RFC 9162 §2.1.1)", () => {
  it("gives the transparency-dev root of every tree of 0 to 8 leaves", () => {
    expect(vectors.rootHashes.map((_, size) => toHex(treeHash(leaves, size)))).toEqual(vectors.rootHashes);
    expect(toHex(treeHash(leaves))).toBe("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
  });

  it("gives the empty tree EMPTY_ROOT, as a copy the caller may keep", () => {
    const root = treeHash([]);
    expect(toHex(root)).toBe(toHex(EMPTY_ROOT));
    root.fill(0);
    expect(toHex(EMPTY_ROOT)).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("gives a one-leaf tree its leaf hash", () => {
    expect(toHex(treeHash(leaves, 1))).toBe("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  });

  it("refuses a size beyond the leaves, or one that is not a count", () => {
    expect(() => treeHash(leaves, 9)).toThrow(expect.objectContaining({ code: "INDEX_OUT_OF_RANGE" }));
    expect(() => treeHash(leaves, -1)).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
    expect(() => treeHash(leaves, 2.5)).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
  });

  it("refuses a leaf hash that is not 32 bytes, even in a one-leaf tree", () => {
    expect(() => treeHash([new Uint8Array(31)])).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
    expect(() => treeHash([...leaves.slice(0, 4), new Uint8Array(0)])).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
  });

  it("hashes 100,000 leaves without recursion, in linear time", () => {
    const many = Array.from({ length: 100_000 }, (_, i) => sha256(Uint8Array.of(i & 0xff, (i >> 8) & 0xff, i >> 16)));
    const started = performance.now();
    const root = treeHash(many);
    const elapsed = performance.now() - started;
    // 2^16 + 2^15 + 2^10 + 2^9 + 2^7 + 2^5 = 100,000: the root folds those six perfect subtrees from the right.
    const parts = [65536, 32768, 1024, 512, 128, 32];
    const starts = parts.map((_, i) => parts.slice(0, i).reduce((a, b) => a + b, 0));
    const subtrees = parts.map((n, i) => treeHash(many.slice(starts[i], (starts[i] as number) + n)));
    const folded = subtrees.reduceRight((right, left) => sha256(Uint8Array.of(1), left, right));
    expect(toHex(root)).toBe(toHex(folded));
    expect(elapsed).toBeLessThan(5_000); // about 0.1 s on a laptop; the bound only catches a quadratic slip
  });
});
