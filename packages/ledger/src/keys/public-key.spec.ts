import { describe, expect, it } from "vitest";
import { fromHex, toBase64 } from "../bytes.js";
import { ed } from "./noble.js";
import { decodePublicKey, parsePublicKeyBase64 } from "./public-key.js";

const P = 2n ** 255n - 19n;
function le32(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  return out;
}
const code = (f: () => unknown) => {
  try {
    f();
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

/** The eight points of the torsion subgroup E[8], in their canonical encodings. */
const SMALL_ORDER = [
  "0100000000000000000000000000000000000000000000000000000000000000", // identity (0, 1)
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // (0, −1), order 2
  "0000000000000000000000000000000000000000000000000000000000000000", // (√−1, 0), order 4
  "0000000000000000000000000000000000000000000000000000000000000080", // (−√−1, 0), order 4
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85", // order 8
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa", // order 8
];

/** Non-canonical encodings of the same points (RFC 8032 §5.1.3 steps 1 and 4 refuse them before any order check). */
const SMALL_ORDER_NON_CANONICAL = [
  "0100000000000000000000000000000000000000000000000000000000000080", // identity, x = 0 with sign bit
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", // (0, −1), x = 0 with sign bit (y = p − 1)
  "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p ≡ 0
  "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", // y = p ≡ 0, sign bit
  "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p + 1 ≡ 1
  "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", // y = p + 1 ≡ 1, sign bit
];

describe("decodePublicKey", () => {
  it("accepts the RFC 8032 TEST 1 key and returns a copy", () => {
    const key = fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    const decoded = decodePublicKey(key);
    expect(decoded).toEqual(key);
    expect(decoded).not.toBe(key);
  });

  it("lists exactly the eight distinct points of order dividing 8", () => {
    const points = SMALL_ORDER.map((h) => ed.Point.fromBytes(fromHex(h), false));
    for (const point of points) expect(point.multiplyUnsafe(8n).is0()).toBe(true);
    expect(new Set(points.map((p) => p.toHex())).size).toBe(8);
  });

  it("refuses every small-order point with WEAK_KEY", () => {
    for (const h of SMALL_ORDER) expect(code(() => decodePublicKey(fromHex(h)))).toBe("WEAK_KEY");
  });

  it("refuses non-canonical encodings of small-order points with KEY_INVALID", () => {
    for (const h of SMALL_ORDER_NON_CANONICAL) expect(code(() => decodePublicKey(fromHex(h)))).toBe("KEY_INVALID");
    // Sanity: the lenient ZIP-215 decoding does take them, so the strict path is what refuses them.
    for (const h of SMALL_ORDER_NON_CANONICAL) expect(ed.Point.fromBytes(fromHex(h), true).isSmallOrder()).toBe(true);
  });

  it("refuses y ≥ p for a point that is not small order, and points off the curve", () => {
    expect(code(() => decodePublicKey(le32(3n)))).toBe("ok");
    expect(code(() => decodePublicKey(le32(3n + P)))).toBe("KEY_INVALID");
    expect(code(() => decodePublicKey(le32(2n)))).toBe("KEY_INVALID"); // (y² − 1)/(d y² + 1) is not a square
  });

  it("refuses wrong lengths with KEY_INVALID and non-bytes with BAD_ARGUMENT", () => {
    expect(code(() => decodePublicKey(new Uint8Array(31)))).toBe("KEY_INVALID");
    expect(code(() => decodePublicKey(new Uint8Array(33)))).toBe("KEY_INVALID");
    expect(code(() => decodePublicKey("abc" as unknown as Uint8Array))).toBe("BAD_ARGUMENT");
  });
});

describe("parsePublicKeyBase64", () => {
  const key = fromHex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");

  it("parses canonical base64 of 32 bytes", () => {
    expect(parsePublicKeyBase64(toBase64(key))).toEqual(key);
  });

  it("refuses non-canonical or wrong-length base64 with KEY_INVALID, weak keys with WEAK_KEY", () => {
    const text = toBase64(key);
    expect(code(() => parsePublicKeyBase64(text.slice(0, -1)))).toBe("KEY_INVALID");
    expect(code(() => parsePublicKeyBase64(` ${text}`))).toBe("KEY_INVALID");
    expect(code(() => parsePublicKeyBase64(toBase64(key.subarray(1))))).toBe("KEY_INVALID");
    expect(code(() => parsePublicKeyBase64(toBase64(fromHex(SMALL_ORDER[0] as string))))).toBe("WEAK_KEY");
  });
});
