/**
 * Strict Ed25519 public key decoding. Every key we accept (signer keys in the log, log keys in trust.json) goes
 * through here, so that two verifiers can never disagree about which keys exist.
 */
import { equalBytes, fromBase64 } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { ed } from "./noble.js";

const KEY_LENGTH = 32;

export type EdwardsPoint = InstanceType<typeof ed.Point>;

/**
 * RFC 8032 §5.1.3 decoding, refusing what the RFC refuses and weak keys on top:
 * - exactly 32 bytes;
 * - the encoded y below p (step 1), so each point has one encoding and a key cannot alias another;
 * - x = 0 with the sign bit set refused (step 4), for the same reason;
 * - x² = (y² − 1)/(d y² + 1) must have a root (steps 2–3), i.e. the point is on the curve.
 * noble's `Point.fromBytes(bytes, false)` does all four (index.ts, "RFC8032 5.1.3"). We also check that the
 * decoded point re-encodes to the input, which is exactly "canonical encoding" and keeps us strict even if a
 * later noble changes what the `zip215 = false` flag means.
 * Then a key A with [8]A = identity (the eight points of the torsion subgroup) is refused: a signature under a
 * small-order key proves nothing, since [S]B − [k]A takes only eight values whatever the message.
 */
export function decodePublicKeyPoint(bytes: Uint8Array): EdwardsPoint {
  if (!(bytes instanceof Uint8Array)) throw new ShouldersError("BAD_ARGUMENT", "public key must be bytes");
  if (bytes.length !== KEY_LENGTH) {
    throw new ShouldersError("KEY_INVALID", `public key must be ${KEY_LENGTH} bytes, got ${bytes.length}`);
  }
  let point: EdwardsPoint;
  try {
    point = ed.Point.fromBytes(bytes, false);
  } catch (cause) {
    throw new ShouldersError("KEY_INVALID", "public key is not a canonical Ed25519 point encoding", { cause });
  }
  if (!equalBytes(point.toBytes(), bytes)) {
    throw new ShouldersError("KEY_INVALID", "public key is not a canonical Ed25519 point encoding");
  }
  if (point.isSmallOrder()) {
    throw new ShouldersError("WEAK_KEY", "public key has small order ([8]A is the identity)");
  }
  return point;
}

/** Validates a 32-byte public key (see `decodePublicKeyPoint`) and returns a copy of its bytes. */
export function decodePublicKey(bytes: Uint8Array): Uint8Array {
  decodePublicKeyPoint(bytes);
  return Uint8Array.from(bytes);
}

/** A public key as written in key statements: canonical standard base64 of the 32 bytes. */
export function parsePublicKeyBase64(text: string): Uint8Array {
  return decodePublicKey(fromBase64(text, "public key", "KEY_INVALID"));
}
