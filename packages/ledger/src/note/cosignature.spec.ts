import { createPrivateKey, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { concatBytes, toBase64 } from "../bytes.js";
import { signCheckpoint } from "../checkpoint/sign-checkpoint.js";
import { publicKeyFromSecret } from "../keys/generate-key.js";
import { cosignedMessage, MAX_FUTURE_SKEW_SECONDS, verifyCosignatures } from "./cosignature.js";
import { cosignatureLine } from "./sign-cosignature.js";
import { formatVerifierKey, noteKeyHash, parseVerifierKey, SIGNATURE_TYPE_COSIGNATURE_V1 } from "./verifier-key.js";
import { verifyNote } from "./verify-note.js";

const origin = "example.com/behind-the-sofa";
const logSeed = new Uint8Array(32).fill(1);
const witnessSeed = new Uint8Array(32).fill(7);
const witnessName = "witness.example.com/w1";
const witnessKey = parseVerifierKey(
  formatVerifierKey(witnessName, publicKeyFromSecret(witnessSeed), SIGNATURE_TYPE_COSIGNATURE_V1),
  SIGNATURE_TYPE_COSIGNATURE_V1,
);
const logKey = parseVerifierKey(formatVerifierKey(origin, publicKeyFromSecret(logSeed)));
const note = signCheckpoint(
  { origin, size: 20852163, rootHash: new Uint8Array(32).fill(3), extensions: [] },
  { name: origin, seed: logSeed },
);
const text = note.slice(0, note.indexOf("\n\n") + 1);
const now = 1_700_000_000;

/** The line built by hand from tlog-cosignature's text, with node:crypto (OpenSSL) as the signer. */
function independentLine(timestamp: number): string {
  const pkcs8 = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), witnessSeed]);
  const message = Buffer.from(`cosignature/v1\ntime ${timestamp}\n${text}`);
  const signature = sign(null, message, createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }));
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(timestamp));
  const keyId = noteKeyHash(witnessName, publicKeyFromSecret(witnessSeed), SIGNATURE_TYPE_COSIGNATURE_V1);
  return `— ${witnessName} ${toBase64(concatBytes(keyId, time, signature))}\n`;
}

describe("tlog-cosignature/v1", () => {
  it("writes the line byte for byte as the spec describes it (checked against node:crypto)", () => {
    expect(cosignatureLine(text, { name: witnessName, seed: witnessSeed }, now)).toBe(independentLine(now));
    expect(Buffer.from(cosignedMessage(text, 5n)).toString()).toBe(`cosignature/v1\ntime 5\n${text}`);
  });

  it("verifies a cosigned checkpoint, which still opens under the log key alone", () => {
    const cosigned = `${note}${cosignatureLine(text, { name: witnessName, seed: witnessSeed }, now)}`;
    expect(verifyCosignatures(cosigned, [witnessKey], { nowSeconds: now }).cosignatures).toEqual([
      { name: witnessName, key: witnessKey.text, publicKey: Buffer.from(witnessKey.publicKey).toString("hex"), timestamp: now },
    ]);
    expect(verifyNote(cosigned, [logKey]).verifiedBy).toEqual([origin]);
    // A witness key never counts as a note key, even for a line it made.
    expect(() => verifyNote(cosigned, [witnessKey])).toThrow(expect.objectContaining({ code: "CHECKPOINT_SIGNATURE_INVALID" }));
  });

  it("counts one witness once, and ignores lines by keys it was not given", () => {
    const line = cosignatureLine(text, { name: witnessName, seed: witnessSeed }, now);
    const other = cosignatureLine(text, { name: "other.example/w", seed: new Uint8Array(32).fill(8) }, now);
    const check = verifyCosignatures(`${note}${line}${line}${other}`, [witnessKey], { nowSeconds: now });
    expect(check.cosignatures).toHaveLength(1);
  });

  it("counts one public key once, even relabelled under a second name (cosignature/v1 does not sign the name)", () => {
    const line = cosignatureLine(text, { name: witnessName, seed: witnessSeed }, now);
    const alias = "totally-independent.example/w";
    const aliasKey = parseVerifierKey(
      formatVerifierKey(alias, publicKeyFromSecret(witnessSeed), SIGNATURE_TYPE_COSIGNATURE_V1),
      SIGNATURE_TYPE_COSIGNATURE_V1,
    );
    // Anyone can do this with public data: another name, its key ID, the same timestamped signature.
    const signature = Buffer.from(line.trim().split(" ")[2] as string, "base64").subarray(4);
    const relabelled = `— ${alias} ${toBase64(concatBytes(aliasKey.keyHash, signature))}\n`;
    const check = verifyCosignatures(`${note}${line}${relabelled}`, [witnessKey, aliasKey], { nowSeconds: now });
    expect(check.cosignatures).toHaveLength(1);
    // The relabelled line does verify on its own: counting by name would have made one witness two.
    expect(verifyCosignatures(`${note}${relabelled}`, [aliasKey], { nowSeconds: now }).cosignatures).toHaveLength(1);
  });

  it("refuses two witness keys behind one name and key ID instead of guessing which one signed", () => {
    const line = cosignatureLine(text, { name: witnessName, seed: witnessSeed }, now);
    const impostor = { ...witnessKey, publicKey: publicKeyFromSecret(new Uint8Array(32).fill(8)), text: "ground-collision" };
    expect(() => verifyCosignatures(`${note}${line}`, [impostor, witnessKey], { nowSeconds: now })).toThrow(
      expect.objectContaining({ code: "COSIGNATURE_INVALID" }),
    );
  });

  it("refuses a cosignature over another checkpoint, or with a changed timestamp", () => {
    const otherText = text.replace("20852163", "20852164");
    const moved = cosignatureLine(otherText, { name: witnessName, seed: witnessSeed }, now);
    expect(() => verifyCosignatures(`${note}${moved}`, [witnessKey], { nowSeconds: now })).toThrow(
      expect.objectContaining({ code: "COSIGNATURE_INVALID" }),
    );
    const line = cosignatureLine(text, { name: witnessName, seed: witnessSeed }, now);
    const bytes = Buffer.from(line.split(" ")[2] as string, "base64");
    bytes[11] = (bytes[11] as number) ^ 1; // the last byte of the timestamp
    const retimed = `— ${witnessName} ${bytes.toString("base64")}\n`;
    expect(() => verifyCosignatures(`${note}${retimed}`, [witnessKey], { nowSeconds: now })).toThrow(
      expect.objectContaining({ code: "COSIGNATURE_INVALID" }),
    );
  });

  it("refuses a plain 64-byte note signature under a witness key ID, and a timestamp above 2^63 − 1", () => {
    const keyId = noteKeyHash(witnessName, publicKeyFromSecret(witnessSeed), SIGNATURE_TYPE_COSIGNATURE_V1);
    const short = `— ${witnessName} ${toBase64(concatBytes(keyId, new Uint8Array(64)))}\n`;
    expect(() => verifyCosignatures(`${note}${short}`, [witnessKey])).toThrow(expect.objectContaining({ code: "COSIGNATURE_INVALID" }));
    const huge = `— ${witnessName} ${toBase64(concatBytes(keyId, new Uint8Array(8).fill(0xff), new Uint8Array(64)))}\n`;
    expect(() => verifyCosignatures(`${note}${huge}`, [witnessKey])).toThrow(expect.objectContaining({ code: "COSIGNATURE_INVALID" }));
  });

  it("does not count a cosignature from the future, beyond the allowed clock skew", () => {
    const later = now + MAX_FUTURE_SKEW_SECONDS + 1;
    const line = cosignatureLine(text, { name: witnessName, seed: witnessSeed }, later);
    const check = verifyCosignatures(`${note}${line}`, [witnessKey], { nowSeconds: now });
    expect(check.cosignatures).toEqual([]);
    expect(check.ignored[0]).toMatch(/future/);
    expect(verifyCosignatures(`${note}${line}`, [witnessKey], { nowSeconds: later }).cosignatures).toHaveLength(1);
  });

  it("keeps witness keys and note keys apart: type byte, key ID and parser", () => {
    const publicKey = publicKeyFromSecret(witnessSeed);
    expect(noteKeyHash(witnessName, publicKey, SIGNATURE_TYPE_COSIGNATURE_V1)).not.toEqual(noteKeyHash(witnessName, publicKey));
    expect(() => parseVerifierKey(witnessKey.text)).toThrow(expect.objectContaining({ code: "TRUST_INVALID" }));
    expect(() => parseVerifierKey(logKey.text, SIGNATURE_TYPE_COSIGNATURE_V1)).toThrow(expect.objectContaining({ code: "TRUST_INVALID" }));
    expect(() => verifyCosignatures(note, [logKey])).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
  });
});
