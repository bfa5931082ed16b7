import { abytes } from "../bytes.js";
import type { Signer } from "../signer.js";
import { publicKeyFromSecret } from "./generate-key.js";
import { keyIdOf } from "./keyid.js";
import { ed } from "./noble.js";

/** RFC 8032 §5.1.6 pure Ed25519 (deterministic nonce, no context, no prehash). Signing uses noble. */
export function signEd25519(seed: Uint8Array, message: Uint8Array): Uint8Array {
  abytes(seed, 32, "secret key");
  abytes(message, undefined, "message");
  return ed.sign(message, seed);
}

/**
 * A `Signer` over a seed held in memory. The seed lives only in this closure, never on a property, so that
 * logging or serialising the signer cannot leak it.
 */
export function createKeySigner(seed: Uint8Array): Signer {
  abytes(seed, 32, "secret key");
  const secret = Uint8Array.from(seed);
  const publicKey = publicKeyFromSecret(secret);
  return {
    keyid: keyIdOf(publicKey),
    publicKey,
    sign: async (message: Uint8Array) => signEd25519(secret, message),
  };
}
