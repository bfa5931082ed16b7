import { describe, expect, it } from "vitest";
import { half, isOdd, isPowerOfTwo, popcount, splitPoint } from "./bits.js";

describe("size arithmetic beyond 32 bits", () => {
  it("splits at the largest power of two below n", () => {
    expect([2, 3, 4, 5, 7, 8, 9].map(splitPoint)).toEqual([1, 2, 2, 4, 4, 4, 8]);
    expect(splitPoint(2 ** 32)).toBe(2 ** 31);
    expect(splitPoint(2 ** 40 + 1)).toBe(2 ** 40);
    expect(splitPoint(Number.MAX_SAFE_INTEGER)).toBe(2 ** 52);
  });

  it("counts bits and halves without the 32-bit truncation of JS bitwise operators", () => {
    expect(popcount(0)).toBe(0);
    expect(popcount(2 ** 32 + 1)).toBe(2);
    expect(popcount(Number.MAX_SAFE_INTEGER)).toBe(53);
    expect(half(2 ** 33 + 1)).toBe(2 ** 32);
    expect(isOdd(2 ** 40 + 1)).toBe(true);
    expect(isOdd(2 ** 40)).toBe(false);
  });

  it("recognises powers of two", () => {
    expect([0, 1, 2, 3, 4, 6, 2 ** 40, 2 ** 40 + 2 ** 20].map(isPowerOfTwo)).toEqual([false, true, true, false, true, false, true, false]);
  });
});
