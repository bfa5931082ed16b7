/** tlog-cosignature, write side: a witness's `— <name> base64(key ID ‖ timestamp ‖ signature)` line. */
import { concatBytes, toBase64 } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { publicKeyFromSecret } from "../keys/generate-key.js";
import { signEd25519 } from "../keys/sign.js";
import { cosignedMessage, timestampedSignature } from "./cosignature.js";
import type { NoteSigner } from "./sign-note.js";
import { isValidKeyName, noteKeyHash, SIGNATURE_TYPE_COSIGNATURE_V1 } from "./verifier-key.js";

/**
 * A witness signs every request with one key: deriving its public key (a scalar multiplication) once per seed,
 * not once per cosignature, takes a third off the cost of each. Keyed weakly on the seed's array.
 */
const keyIds = new WeakMap<Uint8Array, { name: string; keyId: Uint8Array }>();
function keyIdOf(signer: NoteSigner): Uint8Array {
  const cached = keyIds.get(signer.seed);
  if (cached !== undefined && cached.name === signer.name) return cached.keyId;
  const keyId = noteKeyHash(signer.name, publicKeyFromSecret(signer.seed), SIGNATURE_TYPE_COSIGNATURE_V1);
  keyIds.set(signer.seed, { name: signer.name, keyId });
  return keyId;
}

/** Cosigns a checkpoint's note text (everything before the blank line) at `timestamp` POSIX seconds. */
export function cosignatureLine(text: string, signer: NoteSigner, timestamp: number): string {
  if (!isValidKeyName(signer.name)) throw new ShouldersError("BAD_ARGUMENT", "the witness name must be non-empty, without spaces or '+'");
  if (!Number.isSafeInteger(timestamp) || timestamp < 0)
    throw new ShouldersError("BAD_ARGUMENT", "a cosignature timestamp is whole POSIX seconds");
  const time = BigInt(timestamp);
  const keyId = keyIdOf(signer);
  const signature = signEd25519(signer.seed, cosignedMessage(text, time));
  return `\u2014 ${signer.name} ${toBase64(concatBytes(keyId, timestampedSignature(time, signature)))}\n`;
}
