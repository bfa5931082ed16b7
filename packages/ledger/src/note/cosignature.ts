/**
 * C2SP tlog-cosignature (https://c2sp.org/tlog-cosignature), Ed25519 "cosignature/v1", read side: a witness's
 * statement that, at a time, this checkpoint was the largest consistent tree head it had seen for the log. This
 * file must never import signing code.
 */
import { concatBytes, equalBytes, toHex, utf8 } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { verifyEd25519 } from "../keys/verify-signature.js";
import { SIGNATURE_TYPE_COSIGNATURE_V1, type VerifierKey } from "./verifier-key.js";
import { parseNote } from "./verify-note.js";

/** u64 timestamp ‖ 64-byte Ed25519 signature (tlog-cosignature "timestamped_signature"). */
export const COSIGNATURE_LENGTH = 72;
/** tlog-cosignature: the timestamp "MUST NOT exceed 2^63 - 1". */
const MAX_TIMESTAMP = 2n ** 63n - 1n;
/** Verifiers "MAY reject cosignatures with timestamps in the future"; ten minutes absorbs ordinary clock skew. */
export const MAX_FUTURE_SKEW_SECONDS = 600;

export type Cosignature = {
  /** The witness's key name. */
  readonly name: string;
  /** The witness's verifier key, as configured. */
  readonly key: string;
  /** Hex of its 32-byte public key: what makes two witnesses two. */
  readonly publicKey: string;
  /** POSIX seconds at which the witness cosigned. */
  readonly timestamp: number;
};

export type CosignatureCheck = {
  readonly text: string;
  /** Valid cosignatures by the given witnesses, one per public key, in note order. */
  readonly cosignatures: Cosignature[];
  /** Lines by a known witness that do not count, and why (a timestamp in the future). */
  readonly ignored: string[];
};

/** The signed message: "cosignature/v1\n", "time <decimal>\n", then the checkpoint's note text. */
export function cosignedMessage(text: string, timestamp: bigint): Uint8Array {
  if (timestamp < 0n || timestamp > MAX_TIMESTAMP) {
    throw new ShouldersError("BAD_ARGUMENT", "a cosignature timestamp must be between 0 and 2^63 − 1");
  }
  return utf8(`cosignature/v1\ntime ${timestamp}\n${text}`);
}

/** The 8-byte big-endian timestamp that leads a timestamped signature (RFC 8446 §3.3 serialisation). */
export function encodeTimestamp(timestamp: bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, timestamp);
  return bytes;
}

/**
 * Checks a checkpoint note's cosignatures against witness keys (type 0x04). Lines whose name and key ID match no
 * given witness are ignored, as tlog-witness requires of clients (the log's own signature among them). A line by a
 * known witness that does not verify is refused with COSIGNATURE_INVALID: it is either corruption or a forgery, and
 * quietly skipping it would hide both.
 */
export function verifyCosignatures(
  note: string | Uint8Array,
  witnessKeys: readonly VerifierKey[],
  options: { nowSeconds?: number } = {},
): CosignatureCheck {
  if (witnessKeys.some((k) => k.type !== SIGNATURE_TYPE_COSIGNATURE_V1)) {
    throw new ShouldersError("BAD_ARGUMENT", "witness keys are cosigner keys (signature type 0x04), not note keys");
  }
  const { text, signatures } = parseNote(note);
  const now = BigInt(Math.floor(options.nowSeconds ?? Date.now() / 1000));
  const cosignatures: Cosignature[] = [];
  const ignored: string[] = [];
  for (const line of signatures) {
    const matches = witnessKeys.filter((k) => k.name === line.name && equalBytes(k.keyHash, line.keyHash));
    const key = matches[0];
    if (key === undefined) continue;
    const label = `${line.name}+${toHex(line.keyHash)}`;
    // A 4-byte key ID can be ground to collide (signed-note): two keys behind one name and ID are refused, never guessed.
    if (matches.some((k) => !equalBytes(k.publicKey, key.publicKey))) {
      throw new ShouldersError("COSIGNATURE_INVALID", `ambiguous witness key ${label}: two keys have this name and key ID`);
    }
    if (line.signature.length !== COSIGNATURE_LENGTH) {
      throw new ShouldersError("COSIGNATURE_INVALID", `the cosignature of witness ${label} is not ${COSIGNATURE_LENGTH} bytes`);
    }
    const timestamp = new DataView(line.signature.buffer, line.signature.byteOffset, 8).getBigUint64(0);
    if (timestamp > MAX_TIMESTAMP)
      throw new ShouldersError("COSIGNATURE_INVALID", `the cosignature of witness ${label} has a timestamp above 2^63 − 1`);
    if (!verifyEd25519(key.publicKey, cosignedMessage(text, timestamp), line.signature.subarray(8))) {
      throw new ShouldersError("COSIGNATURE_INVALID", `the cosignature of witness ${label} does not verify`);
    }
    if (timestamp > now + BigInt(MAX_FUTURE_SKEW_SECONDS)) {
      ignored.push(`witness ${label} cosigned with a timestamp in the future (${timestamp}); it is not counted`);
      continue;
    }
    // One witness is one public key. cosignature/v1 does not sign the name, so anyone can relabel a real line under a
    // second name (tlog-cosignature: "the same public key can't be used across multiple cosigners"); count it once.
    if (!cosignatures.some((c) => c.publicKey === toHex(key.publicKey))) {
      cosignatures.push({ name: key.name, key: key.text, publicKey: toHex(key.publicKey), timestamp: Number(timestamp) });
    }
  }
  return { text, cosignatures, ignored };
}

/** The bytes after the key ID in a cosignature line: the timestamp, then the signature. */
export function timestampedSignature(timestamp: bigint, signature: Uint8Array): Uint8Array {
  return concatBytes(encodeTimestamp(timestamp), signature);
}
