import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../bytes.js";
import { EMPTY_ROOT, leafHash, nodeHash } from "./hash.js";

const vectors: { leafInputs: string[]; nodeHashes: string[][] } = JSON.parse(
  readFileSync(new URL("./testdata/transparency-dev-vectors.json", import.meta.url), "utf8"),
);

describe("leafHash and nodeHash (RFC 9162 §2.1.1, transparency-dev vectors)", () => {
  it("hashes the eight test leaves", () => {
    expect(vectors.leafInputs.map((input) => toHex(leafHash(fromHex(input))))).toEqual(vectors.nodeHashes[0]);
  });

  it("hashes every interior node of the 8-leaf tree from its children", () => {
    for (let level = 1; level < vectors.nodeHashes.length; level++) {
      const below = (vectors.nodeHashes[level - 1] as string[]).map((hex) => fromHex(hex));
      const got = (vectors.nodeHashes[level] as string[]).map((_, i) =>
        toHex(nodeHash(below[2 * i] as Uint8Array, below[2 * i + 1] as Uint8Array)),
      );
      expect(got).toEqual(vectors.nodeHashes[level]);
    }
  });

  it("gives the empty tree SHA-256 of the empty string", () => {
    expect(toHex(EMPTY_ROOT)).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("keeps leaves and nodes apart: a leaf over 64 bytes of two children is not their parent", () => {
    const left = leafHash(Uint8Array.of(1));
    const right = leafHash(Uint8Array.of(2));
    expect(toHex(leafHash(new Uint8Array([...left, ...right])))).not.toBe(toHex(nodeHash(left, right)));
  });

  it("refuses children that are not 32 bytes, and leaf data that is not bytes", () => {
    const good = new Uint8Array(32);
    expect(() => nodeHash(new Uint8Array(31), good)).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
    expect(() => nodeHash(good, new Uint8Array(33))).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
    expect(() => leafHash("data" as unknown as Uint8Array)).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
  });
});
