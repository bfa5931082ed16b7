import { createHash } from "node:crypto";

/**
 * A statement's identity in the log: the SHA-256 of its payload bytes, as a 32-character binary string (a map of a
 * million of them stays small). Two envelopes with the same payload are the same statement, however they are signed.
 */
export function payloadKey(payloadBytes: Uint8Array): string {
  return createHash("sha256").update(payloadBytes).digest().toString("latin1");
}
