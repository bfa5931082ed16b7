import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../bytes.js";
import { publicKeyFromSecret } from "./generate-key.js";
import { keyIdOf } from "./keyid.js";
import { createKeySigner, signEd25519 } from "./sign.js";

type Vector = { name: string; secretKey: string; publicKey: string; message: string; signature: string };
const { vectors } = JSON.parse(readFileSync(new URL("./testdata/rfc8032-ed25519.json", import.meta.url), "utf8")) as {
  vectors: Vector[];
};

describe("signEd25519 (RFC 8032 §7.1 known answers)", () => {
  it("has the five vectors TEST 1, 2, 3, 1024 and SHA(abc)", () => {
    expect(vectors.map((v) => v.name)).toEqual(["TEST 1", "TEST 2", "TEST 3", "TEST 1024", "TEST SHA(abc)"]);
    expect(fromHex((vectors[3] as Vector).message).length).toBe(1023);
  });

  for (const v of vectors) {
    it(`${v.name}: derives the public key and the exact signature`, () => {
      const seed = fromHex(v.secretKey);
      expect(toHex(publicKeyFromSecret(seed))).toBe(v.publicKey);
      expect(toHex(signEd25519(seed, fromHex(v.message)))).toBe(v.signature);
    });
  }

  it("refuses a seed that is not 32 bytes without echoing it", () => {
    const seed = new Uint8Array(64).fill(0x41);
    expect(() => signEd25519(seed, new Uint8Array(0))).toThrow(/secret key must be 32 bytes/);
  });
});

describe("createKeySigner", () => {
  const v = vectors[0] as Vector;
  const signer = createKeySigner(fromHex(v.secretKey));

  it("exposes keyid and public key, and signs asynchronously with the RFC result", async () => {
    expect(toHex(signer.publicKey)).toBe(v.publicKey);
    expect(signer.keyid).toBe(keyIdOf(signer.publicKey));
    expect(toHex(await signer.sign(fromHex(v.message)))).toBe(v.signature);
  });

  it("keeps the seed out of anything that can be printed", () => {
    const printed = JSON.stringify(signer) + String(Object.values(signer));
    expect(printed).not.toContain(v.secretKey);
    expect(Object.keys(signer).sort()).toEqual(["keyid", "publicKey", "sign"]);
  });

  it("is not affected when the caller wipes its seed buffer afterwards", async () => {
    const seed = fromHex(v.secretKey);
    const own = createKeySigner(seed);
    seed.fill(0);
    expect(toHex(await own.sign(new Uint8Array(0)))).toBe(v.signature);
  });
});
