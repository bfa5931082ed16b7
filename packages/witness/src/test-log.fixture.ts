/** A log and a witness with fixed keys, for this package's specs (excluded from the build). */
import {
  formatVerifierKey,
  leafHash,
  parseVerifierKey,
  publicKeyFromSecret,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  signCheckpoint,
  treeHash,
} from "@shoulders/ledger";

export const origin = "github.com/acme/sentiment/attribution";
export const logSeed = new Uint8Array(32).fill(1);
export const logKey = parseVerifierKey(formatVerifierKey(origin, publicKeyFromSecret(logSeed)));
export const witnessSigner = { name: "witness.example/w1", seed: new Uint8Array(32).fill(9) };
export const witnessVerifierKey = formatVerifierKey(
  witnessSigner.name,
  publicKeyFromSecret(witnessSigner.seed),
  SIGNATURE_TYPE_COSIGNATURE_V1,
);
export const witnessKey = parseVerifierKey(witnessVerifierKey, SIGNATURE_TYPE_COSIGNATURE_V1);

/** `n` distinct leaf hashes. */
export function leaves(prefix: string, n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`${prefix} ${i}`)));
}

/** The log's signed checkpoint over the first `size` leaves. */
export function signedHead(log: readonly Uint8Array[], size: number, seed = logSeed): string {
  return signCheckpoint({ origin, size, rootHash: treeHash([...log], size), extensions: [] }, { name: origin, seed });
}
