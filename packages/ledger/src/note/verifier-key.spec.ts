import { describe, expect, it } from "vitest";
import { concatBytes, fromBase64, fromHex, toBase64, toHex } from "../bytes.js";
import { publicKeyFromSecret } from "../keys/generate-key.js";
import { formatVerifierKey, isValidKeyName, noteKeyHash, parseVerifierKey } from "./verifier-key.js";

// golang.org/x/mod/sumdb/note note_test.go TestNewVerifier / TestNewSigner.
const PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const PETER_SEED = fromBase64("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz").subarray(1);
// c2sp.org/signed-note "Verifier keys" example.
const C2SP_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";

const code = (f: () => unknown) => {
  try {
    f();
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe("verifier keys", () => {
  it("parses Go's PeterNeumann key and the C2SP example", () => {
    const peter = parseVerifierKey(PETER_VKEY);
    expect(peter.name).toBe("PeterNeumann");
    expect(toHex(peter.keyHash)).toBe("c74f20a3");
    expect(peter.publicKey).toEqual(publicKeyFromSecret(PETER_SEED));
    expect(peter.text).toBe(PETER_VKEY);
    const c2sp = parseVerifierKey(C2SP_VKEY);
    expect(c2sp.name).toBe("example.com/foo");
    expect(toHex(c2sp.keyHash)).toBe("530d903a");
  });

  it("formats a key exactly as Go does, and the key hash is SHA-256(name ‖ \\n ‖ 0x01 ‖ key)[:4]", () => {
    const publicKey = publicKeyFromSecret(PETER_SEED);
    expect(formatVerifierKey("PeterNeumann", publicKey)).toBe(PETER_VKEY);
    expect(toHex(noteKeyHash("PeterNeumann", publicKey))).toBe("c74f20a3");
  });

  it("splits on the first two '+' only, since base64 may contain '+'", () => {
    // Find a key whose base64 contains '+', then round-trip it.
    for (let i = 0; i < 200; i++) {
      const publicKey = publicKeyFromSecret(new Uint8Array(32).fill(i));
      const text = formatVerifierKey("log.example/a", publicKey);
      if (!text.split("+").slice(2).join("+").includes("+")) continue;
      expect(parseVerifierKey(text).publicKey).toEqual(publicKey);
      return;
    }
    throw new Error("no key with '+' in its base64 found");
  });

  it("refuses every substring and every single-byte mangling of a valid key (as Go's TestNewVerifier)", () => {
    for (let i = 0; i <= PETER_VKEY.length; i++) {
      for (let j = i + 1; j <= PETER_VKEY.length; j++) {
        if (i === 0 && j === PETER_VKEY.length) continue;
        expect(code(() => parseVerifierKey(PETER_VKEY.slice(i, j)))).not.toBe("ok");
      }
    }
    for (let i = 0; i < PETER_VKEY.length; i++) {
      const mangled = PETER_VKEY.slice(0, i) + String.fromCharCode(PETER_VKEY.charCodeAt(i) + 1) + PETER_VKEY.slice(i + 1);
      expect(code(() => parseVerifierKey(mangled))).not.toBe("ok");
    }
  });

  it("refuses malformed keys with TRUST_INVALID", () => {
    const bad = [
      "", // nothing
      "PeterNeumann", // no parts
      "PeterNeumann+c74f20a3", // no key
      "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", // empty name
      "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", // space in name
      "Peter\u00a0Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", // NBSP is a Unicode space
      "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", // uppercase hex
      "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", // wrong hash
      "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==", // Go: wrong length key
      "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", // Go: unknown algorithm
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW\n", // trailing newline
    ];
    for (const text of bad)
      expect(
        code(() => parseVerifierKey(text)),
        JSON.stringify(text),
      ).toBe("TRUST_INVALID");
  });

  it("refuses a key that does not decode with TRUST_INVALID, and a weak key with WEAK_KEY", () => {
    const withKey = (key: Uint8Array) => `bad+${toHex(noteKeyHash("bad", key))}+${toBase64(concatBytes(Uint8Array.of(1), key))}`;
    const offCurve = fromHex("0200000000000000000000000000000000000000000000000000000000000000");
    const identity = fromHex("0100000000000000000000000000000000000000000000000000000000000000");
    const order8 = fromHex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05");
    expect(code(() => parseVerifierKey(withKey(offCurve)))).toBe("TRUST_INVALID");
    expect(code(() => parseVerifierKey(withKey(identity)))).toBe("WEAK_KEY");
    expect(code(() => parseVerifierKey(withKey(order8)))).toBe("WEAK_KEY");
  });

  it("validates key names like Go's isValidName", () => {
    expect(isValidKeyName("example.com/log42")).toBe(true);
    expect(isValidKeyName("ünïcode")).toBe(true);
    expect(isValidKeyName("\ufeffbom")).toBe(true); // U+FEFF is not White_Space in Go
    for (const name of ["", "a+b", "a b", "a\tb", "a\u2003b", "a\u3000b", "a\u0085b"]) {
      expect(isValidKeyName(name), JSON.stringify(name)).toBe(false);
    }
  });
});
