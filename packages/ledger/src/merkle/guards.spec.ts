import { describe, expect, it } from "vitest";
import { assertCount, isCount, isHash, isHashList } from "./guards.js";

describe("Merkle guards", () => {
  it("accepts a count in [0, max]", () => {
    expect(() => assertCount(0, 0, "size")).not.toThrow();
    expect(() => assertCount(7, 7, "size")).not.toThrow();
  });

  it("refuses what is not a non-negative safe integer with BAD_ARGUMENT", () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, "3" as unknown as number]) {
      expect(() => assertCount(bad, Number.MAX_SAFE_INTEGER, "size")).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
      expect(isCount(bad)).toBe(false);
    }
  });

  it("refuses a count above max with INDEX_OUT_OF_RANGE", () => {
    expect(() => assertCount(8, 7, "size")).toThrow(expect.objectContaining({ code: "INDEX_OUT_OF_RANGE" }));
  });

  it("recognises 32-byte hashes and lists of them", () => {
    expect(isHash(new Uint8Array(32))).toBe(true);
    expect(isHash(new Uint8Array(31))).toBe(false);
    expect(isHash(Array.from({ length: 32 }, () => 0))).toBe(false);
    expect(isHashList([])).toBe(true);
    expect(isHashList([new Uint8Array(32), new Uint8Array(0)])).toBe(false);
    expect(isHashList(null)).toBe(false);
  });
});
