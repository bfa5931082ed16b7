/**
 * Signing and countersigning DSSE envelopes. Each signature covers PAE(payloadType, payload bytes), never the
 * envelope JSON, so the log writer can re-serialize a pending envelope compactly and add its own signature without
 * invalidating the contributor's.
 */
import { abytes, fromBase64, toBase64 } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { sha256Hex } from "../sha256.js";
import type { Signer } from "../signer.js";
import { type Envelope, IN_TOTO_PAYLOAD_TYPE, MAX_SIGNATURES, SIGNATURE_BYTES } from "./envelope.js";
import { pae } from "./pae.js";

export async function signEnvelope(payloadBytes: Uint8Array, signers: Signer[]): Promise<Envelope> {
  abytes(payloadBytes, undefined, "payload");
  if (signers.length === 0) throw new ShouldersError("BAD_ARGUMENT", "an envelope needs at least one signer");
  let envelope: Envelope = { payloadType: IN_TOTO_PAYLOAD_TYPE, payload: toBase64(payloadBytes), signatures: [] };
  for (const signer of signers) envelope = await addSignature(envelope, signer);
  return envelope;
}

/** Adds `signer`'s signature, or returns the envelope unchanged when that key has already signed it. */
export async function addSignature(envelope: Envelope, signer: Signer): Promise<Envelope> {
  abytes(signer.publicKey, 32, "signer public key");
  // The keyid is only a hint to verifiers (DSSE protocol.md), but a wrong one would make our own entries fail.
  if (sha256Hex(signer.publicKey) !== signer.keyid) {
    throw new ShouldersError("KEY_INVALID", "signer keyid is not the SHA-256 of its public key");
  }
  if (envelope.signatures.some((s) => s.keyid === signer.keyid)) return envelope;
  if (envelope.signatures.length >= MAX_SIGNATURES) {
    throw new ShouldersError("TOO_MANY_SIGNATURES", `an envelope holds at most ${MAX_SIGNATURES} signatures`);
  }
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new ShouldersError("MALFORMED_ENTRY", `envelope payloadType must be ${IN_TOTO_PAYLOAD_TYPE}`);
  }
  const payloadBytes = fromBase64(envelope.payload, "envelope payload");
  const sig = await signer.sign(pae(envelope.payloadType, payloadBytes));
  if (!(sig instanceof Uint8Array) || sig.length !== SIGNATURE_BYTES) {
    throw new ShouldersError("SIGNATURE_INVALID", `signer must return a ${SIGNATURE_BYTES}-byte signature`);
  }
  return {
    payloadType: envelope.payloadType,
    payload: envelope.payload,
    signatures: [...envelope.signatures, { keyid: signer.keyid, sig: toBase64(sig) }],
  };
}
