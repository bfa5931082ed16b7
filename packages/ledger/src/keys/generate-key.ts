import { randomBytes } from "node:crypto";
import { abytes } from "../bytes.js";
import { ed } from "./noble.js";

/** Ed25519 secret key size: the 32-byte seed of RFC 8032 §5.1.5, not the 64-byte expanded key. */
const SEED_LENGTH = 32;

/** A fresh 32-byte seed from the OS CSPRNG. */
export function generateSecretKey(): Uint8Array {
  return new Uint8Array(randomBytes(SEED_LENGTH));
}

/** RFC 8032 §5.1.5: A = encode([s]B), s the clamped first half of SHA-512(seed). */
export function publicKeyFromSecret(seed: Uint8Array): Uint8Array {
  abytes(seed, SEED_LENGTH, "secret key");
  return ed.getPublicKey(seed);
}
