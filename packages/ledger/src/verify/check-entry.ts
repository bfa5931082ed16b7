import { IN_TOTO_PAYLOAD_TYPE, type ParsedEnvelope, parseEnvelope } from "../dsse/envelope.js";
import { pae } from "../dsse/pae.js";
import { ShouldersError } from "../errors.js";
import { verifyEd25519 } from "../keys/verify-signature.js";
import { parseStatement, type Statement } from "../statement/statement.js";
import { KEY_PREDICATE_TYPE, type KeyPredicate, parseKeyPredicate } from "../trust/key-statement.js";
import type { SignerRegistry } from "../trust/signer-registry.js";

export type CheckedEntry = {
  index: number;
  envelope: ParsedEnvelope;
  statement: Statement;
  /** Keyids whose signature verified and that the log authorises for this index. */
  signers: string[];
  /** Keyids the log does not know: ignored, and reported. */
  unknownKeyids: string[];
  /** Signed only by keys inside their compromise window: valid, but left out of lineage and splits. */
  compromised: boolean;
  /** Set for key statements; the caller applies it to the registry once the entry is accepted. */
  keyPredicate?: KeyPredicate;
};

/**
 * Checks one envelope at log index `index` against the keys the log authorises there (SPEC.md, "Envelopes" and
 * "Signers"). Throws a coded ShouldersError naming the index; never returns an entry that is not valid.
 */
export function checkEntry(
  bytes: Uint8Array | string,
  index: number,
  registry: SignerRegistry,
  options: { compact: boolean },
): CheckedEntry {
  try {
    const envelope = parseEnvelope(bytes, { compact: options.compact });
    const statement = parseStatement(envelope.payloadBytes);
    const message = pae(IN_TOTO_PAYLOAD_TYPE, envelope.payloadBytes);
    const signers: string[] = [];
    const unknownKeyids: string[] = [];
    let clean = false;
    let revoked = false;
    let early = false;
    let byLogKey = false;
    for (const { keyid, sig } of envelope.signatures) {
      const key = registry.get(keyid);
      if (key === undefined) {
        unknownKeyids.push(keyid);
        continue;
      }
      // A known key whose signature fails makes the entry invalid, even if another signature is good: the envelope
      // claims a signature that is false, and verifiers must not disagree about which signatures "count".
      if (!verifyEd25519(key.publicKey, message, sig)) {
        throw new ShouldersError("SIGNATURE_INVALID", `entry ${index}: the signature by key ${keyid.slice(0, 16)}… does not verify`, {
          index,
        });
      }
      const authorisation = registry.authorisation(keyid, index);
      if (authorisation === "authorised" || authorisation === "compromised") {
        signers.push(keyid);
        clean ||= authorisation === "authorised";
        byLogKey ||= key.isLogKey;
      } else if (authorisation === "revoked") {
        revoked = true;
      } else {
        early = true;
      }
    }
    if (signers.length === 0) {
      if (revoked) throw new ShouldersError("KEY_REVOKED", `entry ${index} is signed only by a key revoked before it`, { index });
      const why = early ? "a key added only at or after this entry" : "no key the log knows";
      throw new ShouldersError("UNAUTHORISED_SIGNER", `entry ${index} is signed by ${why}`, { index });
    }
    const entry: CheckedEntry = { index, envelope, statement, signers, unknownKeyids, compromised: !clean };
    if (statement.predicateType === KEY_PREDICATE_TYPE) {
      if (!byLogKey) {
        throw new ShouldersError("UNAUTHORISED_SIGNER", `entry ${index} is a key statement, and only a log key may sign those`, { index });
      }
      entry.keyPredicate = parseKeyPredicate(statement);
    }
    return entry;
  } catch (error) {
    throw withIndex(error, index);
  }
}

/** Puts the entry index on an error raised by a parser that does not know it. */
export function withIndex(error: unknown, index: number): ShouldersError {
  if (error instanceof ShouldersError) {
    if (error.index !== undefined) return error;
    return new ShouldersError(error.code, `entry ${index}: ${error.message}`, { cause: error.cause, index });
  }
  return new ShouldersError("MALFORMED_ENTRY", `entry ${index}: ${(error as Error)?.message ?? String(error)}`, { cause: error, index });
}
