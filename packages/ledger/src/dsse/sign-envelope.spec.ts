import { generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fromBase64, utf8 } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { sha256Hex } from "../sha256.js";
import type { Signer } from "../signer.js";
import { IN_TOTO_PAYLOAD_TYPE, MAX_SIGNATURES, parseEnvelope, serializeEnvelope } from "./envelope.js";
import { pae } from "./pae.js";
import { addSignature, signEnvelope } from "./sign-envelope.js";

function nodeSigner(): Signer & { verify(message: Uint8Array, sig: Uint8Array): boolean } {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = new Uint8Array(Buffer.from(publicKey.export({ format: "jwk" }).x as string, "base64url"));
  return {
    keyid: sha256Hex(raw),
    publicKey: raw,
    sign: async (message) => new Uint8Array(nodeSign(null, message, privateKey)),
    verify: (message, sig) => nodeVerify(null, message, publicKey, sig),
  };
}

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ShouldersError) return error.code;
    throw error;
  }
  throw new Error("expected a ShouldersError, but nothing was thrown");
}

const payload = utf8('{"_type":"https://in-toto.io/Statement/v1"}');

describe("signEnvelope", () => {
  it("signs PAE(in-toto type, payload bytes) with every signer, in order", async () => {
    const signers = [nodeSigner(), nodeSigner()];
    const envelope = await signEnvelope(payload, signers);
    expect(envelope.payloadType).toBe(IN_TOTO_PAYLOAD_TYPE);
    expect(fromBase64(envelope.payload)).toEqual(payload);
    expect(envelope.signatures.map((s) => s.keyid)).toEqual(signers.map((s) => s.keyid));
    const message = pae(IN_TOTO_PAYLOAD_TYPE, payload);
    signers.forEach((signer, i) => {
      expect(signer.verify(message, fromBase64(envelope.signatures[i]?.sig as string))).toBe(true);
      // Not a signature over the bare payload: the type is bound in.
      expect(signer.verify(payload, fromBase64(envelope.signatures[i]?.sig as string))).toBe(false);
    });
  });

  it("signs once per key even when a signer is listed twice", async () => {
    const alice = nodeSigner();
    expect((await signEnvelope(payload, [alice, alice])).signatures).toHaveLength(1);
  });

  it("refuses no signers, more than 8, a keyid that is not the key's, and a bad signature length", async () => {
    expect(await codeOf(() => signEnvelope(payload, []))).toBe("BAD_ARGUMENT");
    const nine = Array.from({ length: MAX_SIGNATURES + 1 }, nodeSigner);
    expect(await codeOf(() => signEnvelope(payload, nine))).toBe("TOO_MANY_SIGNATURES");
    const liar = { ...nodeSigner(), keyid: "0".repeat(64) };
    expect(await codeOf(() => signEnvelope(payload, [liar]))).toBe("KEY_INVALID");
    const short = { ...nodeSigner(), sign: async () => new Uint8Array(63) };
    expect(await codeOf(() => signEnvelope(payload, [short]))).toBe("SIGNATURE_INVALID");
    expect(await codeOf(() => signEnvelope("text" as unknown as Uint8Array, [nodeSigner()]))).toBe("BAD_ARGUMENT");
  });
});

describe("addSignature", () => {
  it("countersigns a parsed pending envelope, keeping the first signature valid", async () => {
    const contributor = nodeSigner();
    const logKey = nodeSigner();
    const pending = JSON.stringify(await signEnvelope(payload, [contributor]), null, 2);
    const { envelope } = parseEnvelope(pending, { compact: false });
    const countersigned = await addSignature(envelope, logKey);
    expect(envelope.signatures).toHaveLength(1); // not mutated
    const parsed = parseEnvelope(serializeEnvelope(countersigned), { compact: true });
    const message = pae(IN_TOTO_PAYLOAD_TYPE, parsed.payloadBytes);
    expect(parsed.signatures.map((s) => s.keyid)).toEqual([contributor.keyid, logKey.keyid]);
    expect(contributor.verify(message, parsed.signatures[0]?.sig as Uint8Array)).toBe(true);
    expect(logKey.verify(message, parsed.signatures[1]?.sig as Uint8Array)).toBe(true);
  });

  it("is a no-op when that key already signed", async () => {
    const alice = nodeSigner();
    const envelope = await signEnvelope(payload, [alice]);
    let signed = 0;
    const counting = {
      ...alice,
      sign: async (message: Uint8Array) => {
        signed++;
        return alice.sign(message);
      },
    };
    const again = await addSignature(envelope, counting);
    expect(again).toBe(envelope);
    expect(signed).toBe(0);
  });

  it("refuses a ninth signature, another payload type and a non-canonical payload", async () => {
    const eight = await signEnvelope(payload, Array.from({ length: MAX_SIGNATURES }, nodeSigner));
    expect(await codeOf(() => addSignature(eight, nodeSigner()))).toBe("TOO_MANY_SIGNATURES");
    const envelope = await signEnvelope(payload, [nodeSigner()]);
    expect(await codeOf(() => addSignature({ ...envelope, payloadType: "text/plain" }, nodeSigner()))).toBe("MALFORMED_ENTRY");
    expect(await codeOf(() => addSignature({ ...envelope, payload: "QR==" }, nodeSigner()))).toBe("BASE64_INVALID");
  });
});
