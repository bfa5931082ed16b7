/**
 * Secret keys in files and environment variables are standard base64 of the 32-byte seed (docs/format.md, "Keys and
 * signatures"). Error messages here never quote the input: a malformed secret is still a secret.
 */
import { abytes, fromBase64, toBase64 } from "../bytes.js";
import { ShouldersError } from "../errors.js";

const SEED_LENGTH = 32;

/**
 * Parses a secret key read from a file or environment variable. Surrounding whitespace is tolerated because
 * `echo … > key` and editors add a trailing newline; anything else must be canonical base64 of exactly 32 bytes.
 */
export function parseSecretKey(text: string): Uint8Array {
  if (typeof text !== "string") throw new ShouldersError("KEY_INVALID", "the secret key must be a string");
  let seed: Uint8Array;
  try {
    seed = fromBase64(text.trim(), "secret key", "KEY_INVALID");
  } catch {
    // Drop the cause on purpose: keep nothing derived from the secret in the error chain.
    throw new ShouldersError("KEY_INVALID", "the secret key is not canonical standard base64 of a 32-byte seed");
  }
  if (seed.length !== SEED_LENGTH) {
    // A 64-byte value is usually an expanded key (seed ‖ public key, as Go and libsodium store it).
    throw new ShouldersError("KEY_INVALID", `the secret key must be the 32-byte Ed25519 seed in base64, got ${seed.length} bytes`);
  }
  return seed;
}

export function formatSecretKey(seed: Uint8Array): string {
  abytes(seed, SEED_LENGTH, "secret key");
  return toBase64(seed);
}
