/**
 * The fast Ed25519 verifier, on node:crypto (OpenSSL). A ledger verifier checks tens of thousands of signatures
 * under a handful of keys, so the validated KeyObjects are cached.
 *
 * OpenSSL's `ossl_ed25519_verify` is cofactorless: it refuses S ≥ L, computes R' = [S]B − [k]A and accepts only
 * when encode(R') equals the 32 bytes of R (RFC 8032 §5.1.7 without the optional factor 8). It does not refuse
 * non-canonical or small-order keys, which `decodePublicKey` does first, and then it matches `verify-portable.ts`
 * signature for signature (docs/format.md, "Keys and signatures").
 */
import { createPublicKey, type KeyObject, verify } from "node:crypto";
import { abytes, concatBytes, toHex } from "../bytes.js";
import { decodePublicKey } from "./public-key.js";

/** DER SubjectPublicKeyInfo header for an Ed25519 key (RFC 8410 §4): SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING }. */
const ED25519_SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);
const SIGNATURE_LENGTH = 64;
/** Enough for every key in any real ledger; the bound only stops a hostile ledger from growing memory. */
const MAX_CACHED_KEYS = 1024;

const keyObjects = new Map<string, KeyObject>();

/** A KeyObject for a key that has passed strict decoding; throws KEY_INVALID or WEAK_KEY otherwise. */
function keyObjectFor(publicKey: Uint8Array): KeyObject {
  const hex = toHex(publicKey);
  const cached = keyObjects.get(hex);
  if (cached !== undefined) return cached;
  const raw = decodePublicKey(publicKey);
  const keyObject = createPublicKey({
    key: Buffer.from(concatBytes(ED25519_SPKI_PREFIX, raw)),
    format: "der",
    type: "spki",
  });
  if (keyObjects.size >= MAX_CACHED_KEYS) {
    // Maps iterate in insertion order: drop the oldest entry.
    const oldest = keyObjects.keys().next().value;
    if (oldest !== undefined) keyObjects.delete(oldest);
  }
  keyObjects.set(hex, keyObject);
  return keyObject;
}

/**
 * Cofactorless Ed25519 verification. Throws (KEY_INVALID, WEAK_KEY) when the key itself is unacceptable, because
 * that is a fault of the ledger or trust root and not of one signature; returns false for any bad signature.
 */
export function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  abytes(publicKey, undefined, "public key");
  abytes(message, undefined, "message");
  abytes(signature, undefined, "signature");
  const keyObject = keyObjectFor(publicKey);
  if (signature.length !== SIGNATURE_LENGTH) return false;
  return verify(null, message, keyObject, signature);
}
