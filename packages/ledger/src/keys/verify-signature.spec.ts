import { readFileSync } from "node:fs";
import { sha512 } from "@noble/hashes/sha2.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concatBytes, fromHex, toHex } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { ed } from "./noble.js";
import { signEd25519 } from "./sign.js";
import { verifyEd25519Portable } from "./verify-portable.js";
import { verifyEd25519 } from "./verify-signature.js";

type Vector = { name: string; secretKey: string; publicKey: string; message: string; signature: string };
const { vectors } = JSON.parse(readFileSync(new URL("./testdata/rfc8032-ed25519.json", import.meta.url), "utf8")) as {
  vectors: Vector[];
};

const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const Point = ed.Point;

function le32(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  return out;
}
function fromLE(bytes: Uint8Array): bigint {
  return BigInt(`0x${toHex(Uint8Array.from(bytes).reverse()) || "0"}`);
}

/** Both verifiers, which must agree on every input: same boolean, or the same error code. */
function verifyBoth(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean | string {
  const run = (f: typeof verifyEd25519): boolean | string => {
    try {
      return f(publicKey, message, signature);
    } catch (error) {
      if (error instanceof ShouldersError) return error.code;
      throw error;
    }
  };
  const fast = run(verifyEd25519);
  const portable = run(verifyEd25519Portable);
  expect(portable, "fast and portable verifiers must agree").toBe(fast);
  return fast;
}

const tv1 = vectors[0] as Vector;
const seed = fromHex(tv1.secretKey);
const publicKey = fromHex(tv1.publicKey);
const message = new TextEncoder().encode("attribution ledger");
const goodSignature = signEd25519(seed, message);

/** An order-8 point (RFC 8032 §5.1 cofactor 8), from the list in public-key.spec.ts. */
const T8 = Point.fromBytes(fromHex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"));

/**
 * Builds a signature by hand with a chosen nonce point R (given as bytes, so it may be non-canonical):
 * S = r + k·a mod L with k = SHA-512(R ‖ A ‖ M). This is how an attacker who holds the key crafts edge cases.
 */
function craft(rBytes: Uint8Array, r: bigint, msg: Uint8Array, key = publicKey): Uint8Array {
  const { scalar } = ed.utils.getExtendedPublicKey(seed);
  const k = fromLE(sha512(concatBytes(rBytes, key, msg))) % L;
  return concatBytes(rBytes, le32((r + k * scalar) % L));
}

describe("RFC 8032 §7.1 known answers", () => {
  for (const v of vectors) {
    it(`${v.name}: both verifiers accept`, () => {
      expect(verifyBoth(fromHex(v.publicKey), fromHex(v.message), fromHex(v.signature))).toBe(true);
    });
    it(`${v.name}: both verifiers refuse it under another message`, () => {
      const other = concatBytes(fromHex(v.message), Uint8Array.of(0));
      expect(verifyBoth(fromHex(v.publicKey), other, fromHex(v.signature))).toBe(false);
    });
  }
});

describe("edge cases where the two verifiers must agree", () => {
  it("accepts the honest signature", () => {
    expect(verifyBoth(publicKey, message, goodSignature)).toBe(true);
  });

  it("refuses S + L (malleated S ≥ L, RFC 8032 §5.1.7 step 1)", () => {
    const S = fromLE(goodSignature.subarray(32));
    const malleated = concatBytes(goodSignature.subarray(0, 32), le32(S + L));
    // Same point equation, so only the S < L check stops it.
    expect(verifyBoth(publicKey, message, malleated)).toBe(false);
  });

  it("refuses S = L and S = 2^256 − 1", () => {
    expect(verifyBoth(publicKey, message, concatBytes(goodSignature.subarray(0, 32), le32(L)))).toBe(false);
    const allOnes = new Uint8Array(32).fill(0xff);
    expect(verifyBoth(publicKey, message, concatBytes(goodSignature.subarray(0, 32), allOnes))).toBe(false);
  });

  it("accepts R = identity in its canonical encoding (r = 0), refuses its non-canonical encodings", () => {
    const canonical = fromHex("0100000000000000000000000000000000000000000000000000000000000000");
    expect(verifyBoth(publicKey, message, craft(canonical, 0n, message))).toBe(true);
    for (const nonCanonical of [
      "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p + 1
      "0100000000000000000000000000000000000000000000000000000000000080", // x = 0 with the sign bit set
    ]) {
      const signature = craft(fromHex(nonCanonical), 0n, message);
      expect(verifyBoth(publicKey, message, signature)).toBe(false);
      // ZIP-215 (noble's default) decodes R leniently and accepts: exactly the split we must not have.
      expect(ed.verify(signature, message, publicKey)).toBe(true);
    }
  });

  it("refuses a non-canonical R (y ≥ p) spliced into a valid signature", () => {
    for (const y of [
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "f0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    ]) {
      const signature = concatBytes(fromHex(y), goodSignature.subarray(32));
      expect(verifyBoth(publicKey, message, signature)).toBe(false);
    }
  });

  it("refuses an R with a small-order component, which cofactored verification accepts", () => {
    const r = 0x1234567890abcdefn;
    const honest = craft(Point.BASE.multiply(r).toBytes(), r, message);
    expect(verifyBoth(publicKey, message, honest)).toBe(true);

    // R' = [r]B + T with T of order 8: [S]B − [k]A = [r]B ≠ R', but [8]([S]B − [k]A − R') = −[8]T = identity.
    const tainted = craft(Point.BASE.multiply(r).add(T8).toBytes(), r, message);
    expect(verifyBoth(publicKey, message, tainted)).toBe(false);
    // noble's verify is cofactored even in its strict mode: this is why it is not our verifier.
    expect(ed.verify(tainted, message, publicKey, { zip215: false })).toBe(true);
  });

  it("agrees on a mixed-order public key A + T (accepted as a key: [8](A + T) is not the identity)", () => {
    const mixed = Point.fromBytes(publicKey).add(T8).toBytes();
    // [S]B − [k](A + T) = R − [k]T, so the cofactorless check passes exactly when 8 divides k.
    let accepted = 0;
    let refused = 0;
    for (let r = 1n; accepted === 0 || refused === 0; r++) {
      const R = Point.BASE.multiply(r).toBytes();
      const k = fromLE(sha512(concatBytes(R, mixed, message))) % L;
      const signature = craft(R, r, message, mixed);
      const expected = k % 8n === 0n;
      expect(verifyBoth(mixed, message, signature)).toBe(expected);
      if (expected) accepted++;
      else refused++;
    }
  });

  it("refuses non-canonical encodings of A with KEY_INVALID in both", () => {
    for (const key of [
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p
      "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", // y = p + 1, sign bit set
      "0200000000000000000000000000000000000000000000000000000000000000", // y = 2: not on the curve
    ]) {
      expect(verifyBoth(fromHex(key), message, goodSignature)).toBe("KEY_INVALID");
    }
    // A canonical key whose y is below 19 has a second encoding y + p: refused even though it decodes to a point.
    const three = fromHex("0300000000000000000000000000000000000000000000000000000000000000");
    expect(verifyBoth(three, message, goodSignature)).toBe(false);
    const threePlusP = le32(3n + 2n ** 255n - 19n);
    expect(verifyBoth(threePlusP, message, goodSignature)).toBe("KEY_INVALID");
  });

  it("refuses all eight small-order public keys with WEAK_KEY in both", () => {
    for (const key of [
      "0100000000000000000000000000000000000000000000000000000000000000",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "0000000000000000000000000000000000000000000000000000000000000000",
      "0000000000000000000000000000000000000000000000000000000000000080",
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
    ]) {
      // With A of small order, S = 0 and R = −[k]A verify for any message under OpenSSL alone.
      expect(verifyBoth(fromHex(key), message, goodSignature)).toBe("WEAK_KEY");
    }
  });

  it("refuses a mutated message and signatures that are not 64 bytes", () => {
    expect(verifyBoth(publicKey, new TextEncoder().encode("attribution ledgeR"), goodSignature)).toBe(false);
    expect(verifyBoth(publicKey, message, goodSignature.subarray(0, 63))).toBe(false);
    expect(verifyBoth(publicKey, message, concatBytes(goodSignature, Uint8Array.of(0)))).toBe(false);
    expect(verifyBoth(publicKey, message, new Uint8Array(0))).toBe(false);
  });

  it("checks the key before the signature length, in both", () => {
    const weak = fromHex("0100000000000000000000000000000000000000000000000000000000000000");
    expect(verifyBoth(weak, message, new Uint8Array(3))).toBe("WEAK_KEY");
  });
});

describe("properties", () => {
  it("honest signatures verify in both; any single bit flip is refused by both", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 256 }),
        fc.nat({ max: 511 }),
        (seedBytes, msg, bit) => {
          const key = ed.getPublicKey(seedBytes);
          const signature = signEd25519(seedBytes, msg);
          expect(verifyBoth(key, msg, signature)).toBe(true);
          const flipped = Uint8Array.from(signature);
          flipped[bit >> 3] = (flipped[bit >> 3] as number) ^ (1 << (bit & 7));
          expect(verifyBoth(key, msg, flipped)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});
