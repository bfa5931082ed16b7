import { describe, expect, it } from "vitest";
import { equalBytes } from "../bytes.js";
import { generateSecretKey, publicKeyFromSecret } from "./generate-key.js";
import { decodePublicKey } from "./public-key.js";
import { signEd25519 } from "./sign.js";
import { verifyEd25519 } from "./verify-signature.js";

describe("generateSecretKey / publicKeyFromSecret", () => {
  it("makes distinct 32-byte seeds whose public keys pass strict decoding and verify signatures", () => {
    const a = generateSecretKey();
    const b = generateSecretKey();
    expect(a.length).toBe(32);
    expect(equalBytes(a, b)).toBe(false);
    const publicKey = publicKeyFromSecret(a);
    expect(decodePublicKey(publicKey)).toEqual(publicKey);
    const message = Uint8Array.of(1, 2, 3);
    expect(verifyEd25519(publicKey, message, signEd25519(a, message))).toBe(true);
  });

  it("refuses a seed of the wrong length", () => {
    expect(() => publicKeyFromSecret(new Uint8Array(31))).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
  });
});
