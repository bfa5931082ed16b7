/**
 * C2SP signed-note verifier keys (https://c2sp.org/signed-note, "Verifier keys"), Ed25519 only:
 *
 *     <name>+<hex(key hash)>+<base64(0x01 ‖ 32-byte public key)>
 *
 * They are the root of trust in trust.json, so every malformed one is TRUST_INVALID and never a crash.
 */
import { concatBytes, equalBytes, fromBase64, fromHex, toBase64, toHex, utf8 } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { decodePublicKey } from "../keys/public-key.js";
import { sha256 } from "../sha256.js";

/**
 * signed-note "Signature types": 0x01 is Ed25519 over the note text; 0x04 is a tlog-cosignature/v1 Ed25519
 * cosignature, a witness's timestamped signature over a checkpoint. The type byte is part of the key hash, so a
 * witness key can never be mistaken for a log key with the same name and public key.
 */
export const SIGNATURE_TYPE_ED25519 = 0x01;
export const SIGNATURE_TYPE_COSIGNATURE_V1 = 0x04;
export type SignatureType = typeof SIGNATURE_TYPE_ED25519 | typeof SIGNATURE_TYPE_COSIGNATURE_V1;
const TYPE_NAMES: Record<SignatureType, string> = {
  [SIGNATURE_TYPE_ED25519]: "an Ed25519 note key (signature type 0x01)",
  [SIGNATURE_TYPE_COSIGNATURE_V1]: "an Ed25519 witness cosigner key (signature type 0x04)",
};
const KEY_HASH_HEX = /^[0-9a-f]{8}$/;
/** Go's unicode.IsSpace is the Unicode White_Space property, which this escape names exactly (JS `\s` adds U+FEFF). */
const UNICODE_SPACE = /\p{White_Space}/u;

export type VerifierKey = {
  readonly name: string;
  /** What the key signs: notes (0x01) or witness cosignatures (0x04). */
  readonly type: SignatureType;
  /** The 4-byte key ID that signature lines carry. */
  readonly keyHash: Uint8Array;
  readonly publicKey: Uint8Array;
  /** The verifier key as written, for messages and reports. */
  readonly text: string;
};

/** signed-note: "Key names MUST be non-empty and MUST NOT contain any Unicode spaces or plus (U+002B) characters." */
export function isValidKeyName(name: string): boolean {
  return typeof name === "string" && name !== "" && !UNICODE_SPACE.test(name) && !name.includes("+");
}

/**
 * Key ID = SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4]: signed-note "Ed25519 signatures" for type 0x01,
 * tlog-cosignature "Format" for type 0x04.
 */
export function noteKeyHash(name: string, publicKey: Uint8Array, type: SignatureType = SIGNATURE_TYPE_ED25519): Uint8Array {
  return sha256(utf8(name), Uint8Array.of(0x0a, type), publicKey).subarray(0, 4);
}

export function formatVerifierKey(name: string, publicKey: Uint8Array, type: SignatureType = SIGNATURE_TYPE_ED25519): string {
  if (!isValidKeyName(name)) throw new ShouldersError("BAD_ARGUMENT", "key name must be non-empty, without spaces or '+'");
  const key = decodePublicKey(publicKey);
  return `${name}+${toHex(noteKeyHash(name, key, type))}+${toBase64(concatBytes(Uint8Array.of(type), key))}`;
}

function invalid(message: string, cause?: unknown): ShouldersError {
  return new ShouldersError("TRUST_INVALID", `verifier key: ${message}`, { cause });
}

/**
 * Splits on the first two '+' only: base64 may itself contain '+'. The key hash must match the one recomputed
 * from name and key, as Go's note.NewVerifier requires, so a typo cannot silently point at another key.
 */
export function parseVerifierKey(text: string, type: SignatureType = SIGNATURE_TYPE_ED25519): VerifierKey {
  if (typeof text !== "string") throw invalid("must be a string");
  const first = text.indexOf("+");
  const second = first < 0 ? -1 : text.indexOf("+", first + 1);
  if (second < 0) throw invalid("expected <name>+<key hash>+<base64 key>");
  const name = text.slice(0, first);
  const hashHex = text.slice(first + 1, second);
  if (!isValidKeyName(name)) throw invalid("the name must be non-empty, without spaces or '+'");
  if (!KEY_HASH_HEX.test(hashHex)) throw invalid(`the key hash of ${name} must be 8 lowercase hex digits`);
  const raw = fromBase64(text.slice(second + 1), `the key of ${name}`, "TRUST_INVALID");
  if (raw[0] !== type) throw invalid(`${name} is not ${TYPE_NAMES[type]}`);
  if (raw.length !== 33) throw invalid(`the Ed25519 key of ${name} must be 32 bytes`);
  let publicKey: Uint8Array;
  try {
    publicKey = decodePublicKey(raw.subarray(1));
  } catch (error) {
    // A weak key keeps its own code (docs/format.md, "What verify means" 1); a key that does not decode is bad text.
    if (error instanceof ShouldersError && error.code === "KEY_INVALID") {
      throw invalid(`the key of ${name}: ${error.message}`, error);
    }
    throw error;
  }
  const keyHash = noteKeyHash(name, publicKey, type);
  if (!equalBytes(keyHash, fromHex(hashHex, 4))) throw invalid(`the key hash of ${name} does not match its key`);
  return { name, type, keyHash, publicKey, text };
}
