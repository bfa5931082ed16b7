import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatAmount, parseAmount } from "./amount.js";
import { compareBytes, largestRemainder } from "./largest-remainder.js";

describe("amounts", () => {
  it.each([
    ["480.00", "USD", 48000n],
    ["480", "USD", 48000n],
    ["0.5", "EUR", 50n],
    ["1200", "JPY", 1200n],
    ["1.234", "BHD", 1234n],
    ["0", "USD", 0n],
    ["123456789012345678901234567890.99", "USD", 12345678901234567890123456789099n],
  ])("parses %s %s exactly", (text, currency, minor) => {
    expect(parseAmount(text, currency).minor).toBe(minor);
  });

  it.each(["-5", "+5", "1e3", "1E3", "10.001", "abc", "", " 1", "1,000", "01", ".5", "5.", "Infinity", "NaN", "0x10"])(
    "refuses %j USD",
    (text) => {
      expect(() => parseAmount(text, "USD")).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
    },
  );

  it("refuses unknown currencies, including prototype names", () => {
    for (const currency of ["XYZ", "usd", "__proto__", "constructor"]) {
      expect(() => parseAmount("1", currency)).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
    }
  });

  it("formats with the currency's decimals", () => {
    expect(formatAmount({ minor: 48000n, currency: "USD" })).toBe("480.00");
    expect(formatAmount({ minor: 5n, currency: "USD" })).toBe("0.05");
    expect(formatAmount({ minor: 1200n, currency: "JPY" })).toBe("1200");
    expect(formatAmount({ minor: 1n, currency: "BHD" })).toBe("0.001");
  });
});

describe("largestRemainder", () => {
  it("always sums to the total and never gives a part more than one unit off its exact share", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 40 }),
        (total, raw) => {
          const weights = raw.map((weight, i) => ({ key: `k${String(i).padStart(3, "0")}`, weight }));
          const sum = raw.reduce((a, b) => a + b, 0n);
          const parts = largestRemainder(total, weights);
          const allocated = [...parts.values()].reduce((a, b) => a + b, 0n);
          expect(allocated).toBe(sum === 0n ? 0n : total);
          if (sum === 0n) return;
          for (const { key, weight } of weights) {
            const part = parts.get(key) as bigint;
            expect(part * sum <= total * weight + sum).toBe(true);
            expect(part * sum >= total * weight - sum).toBe(true);
          }
        },
      ),
    );
  });

  it("breaks ties by key, bytewise, so anyone recomputes the same cents", () => {
    const parts = largestRemainder(100n, [
      { key: "github:b", weight: 1n },
      { key: "github:a", weight: 1n },
      { key: "github:c", weight: 1n },
    ]);
    expect([...parts.entries()].sort()).toEqual([
      ["github:a", 34n],
      ["github:b", 33n],
      ["github:c", 33n],
    ]);
  });
});

describe("compareBytes", () => {
  it("orders strings exactly as their UTF-8 bytes, surrogates and lone halves included", () => {
    const bytewise = (a: string, b: string) => Math.sign(Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")));
    const text = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.string({ unit: fc.constantFrom("a", "é", "\uffff", "\ud83d", "\ude00", "😀") }),
    );
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(Math.sign(compareBytes(a, b))).toBe(bytewise(a, b));
      }),
      { numRuns: 2000 },
    );
    // U+E000 is below U+10000 in UTF-8, though its UTF-16 unit is above the surrogate's.
    expect(compareBytes("\ue000", "😀")).toBeLessThan(0);
  });
});
