/**
 * The portable Ed25519 verifier: the same cofactorless equation as `verify-signature.ts`, computed with noble's
 * point arithmetic, for runtimes without node:crypto. It must never import node:crypto.
 *
 * noble's own `verify` is not used: it checks the cofactored equation [8][S]B = [8]R + [8][k]A even with
 * `zip215: false`, so it accepts signatures whose R carries a small-order component, which OpenSSL refuses.
 * Two verifiers that disagree on one signature would see two different ledgers.
 */
import { sha512 } from "@noble/hashes/sha2.js";
import { abytes, concatBytes, equalBytes } from "../bytes.js";
import { ed } from "./noble.js";
import { decodePublicKeyPoint } from "./public-key.js";

/** L, the order of the prime subgroup (RFC 8032 §5.1). */
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const SIGNATURE_LENGTH = 64;

/** RFC 8032 §5.1.2: integers are encoded little-endian. */
function bytesToNumberLE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i] as number);
  return n;
}

/**
 * RFC 8032 §5.1.7, cofactorless: refuse S ≥ L (step 1, signature malleability), k = SHA-512(R ‖ A ‖ M) mod L
 * (step 2, over the bytes as received), and accept only when encode([S]B − [k]A) equals the 32 bytes of R
 * (step 3 compared as encodings, which also refuses any non-canonical R). Throws KEY_INVALID or WEAK_KEY for a key
 * that fails strict decoding, like the fast path.
 */
export function verifyEd25519Portable(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  abytes(message, undefined, "message");
  abytes(signature, undefined, "signature");
  const A = decodePublicKeyPoint(publicKey);
  if (signature.length !== SIGNATURE_LENGTH) return false;
  const R = signature.subarray(0, 32);
  const S = bytesToNumberLE(signature.subarray(32, 64));
  if (S >= L) return false;
  const k = bytesToNumberLE(sha512(concatBytes(R, publicKey, message))) % L;
  // multiplyUnsafe: S = 0 and k = 0 are legal scalars here, and timing leaks nothing secret when verifying.
  const check = ed.Point.BASE.multiplyUnsafe(S).subtract(A.multiplyUnsafe(k));
  return equalBytes(check.toBytes(), R);
}
