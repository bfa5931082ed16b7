import { IN_TOTO_PAYLOAD_TYPE, type ParsedEnvelope, parseEnvelope } from "../dsse/envelope.js";
import { pae } from "../dsse/pae.js";
import { ShouldersError } from "../errors.js";
import { verifyEd25519 } from "../keys/verify-signature.js";
import { assertBound } from "../statement/ledger-binding.js";
import { payloadKey } from "../statement/payload-key.js";
import { parseStatement, type Statement } from "../statement/statement.js";
import { KEY_PREDICATE_TYPE, type KeyPredicate, parseKeyPredicate } from "../trust/key-statement.js";
import type { SignerRegistry } from "../trust/signer-registry.js";

export type CheckedEntry = {
  index: number;
  envelope: ParsedEnvelope;
  statement: Statement;
  /** Keyids whose signature verified and that the log authorises for this index. */
  signers: string[];
  /**
   * The keyid of the first signature: the statement's author. Later signatures (the log key's countersignature on an
   * approved pending file) admit it to the log but lend it no authority. Authorised only when it is among `signers`.
   */
  author: string;
  /** The SHA-256 of the payload, as `payloadKey` gives it: the statement's identity, whoever signed it. */
  payloadKey: string;
  /** Keyids the log does not know: ignored, and reported. */
  unknownKeyids: string[];
  /** Signed only by keys inside their compromise window: valid, but left out of lineage and splits. */
  compromised: boolean;
  /** Set for key statements; the caller applies it to the registry once the entry is accepted. */
  keyPredicate?: KeyPredicate;
};

export type CheckEntryOptions = {
  compact: boolean;
  /**
   * "skip" only for bytes a trusted checkpoint pins (a consistency proof fixed them, and they were verified before):
   * then the Ed25519 arithmetic is skipped, and everything else, authorisation included, is still checked.
   */
  signatures?: "verify" | "skip";
};

/**
 * Checks one envelope at log index `index` against the keys the log authorises there (docs/format.md, "Envelopes" and
 * "Signers"). The one home of the rule "is this entry authorised": the verifier, the writer's recovery and the
 * admission of pending files all call it. Throws a coded ShouldersError naming the index; never returns an entry that
 * is not valid.
 */
export function checkEntry(bytes: Uint8Array | string, index: number, registry: SignerRegistry, options: CheckEntryOptions): CheckedEntry {
  try {
    const envelope = parseEnvelope(bytes, { compact: options.compact });
    const statement = parseStatement(envelope.payloadBytes);
    const message = options.signatures === "skip" ? undefined : pae(IN_TOTO_PAYLOAD_TYPE, envelope.payloadBytes);
    const signers: string[] = [];
    const unknownKeyids: string[] = [];
    const refused: { keyid: string; why: "revoked" | "retired" | "not-yet-added" }[] = [];
    let clean = false;
    for (const { keyid, sig } of envelope.signatures) {
      const known = registry.get(keyid);
      if (known === undefined) {
        unknownKeyids.push(keyid);
        continue;
      }
      // A known key whose signature fails makes the entry invalid, even if another signature is good: the envelope
      // claims a signature that is false, and verifiers must not disagree about which signatures "count".
      if (message !== undefined && !verifyEd25519(known.publicKey, message, sig)) {
        throw new ShouldersError("SIGNATURE_INVALID", `entry ${index}: the signature by key ${keyid.slice(0, 16)}… does not verify`, {
          index,
        });
      }
      const authorisation = registry.authorisation(keyid, index);
      if (authorisation === "authorised" || authorisation === "compromised") {
        signers.push(keyid);
        clean ||= authorisation === "authorised";
      } else if (authorisation !== "unknown") {
        refused.push({ keyid, why: authorisation });
      }
    }
    if (signers.length === 0) throw unauthorised(index, registry, refused);
    const author = envelope.signatures[0]?.keyid as string;
    const key = assertNewStatement(envelope.payloadBytes, statement, index, registry);
    const entry: CheckedEntry = { index, envelope, statement, signers, author, payloadKey: key, unknownKeyids, compromised: !clean };
    if (statement.predicateType === KEY_PREDICATE_TYPE) {
      // Authored by a log key, not only countersigned by one: a countersignature lends no authority.
      if (!registry.isLogKey(author) || !signers.includes(author)) {
        throw new ShouldersError("UNAUTHORISED_SIGNER", `entry ${index} is a key statement, and only a log key may author those`, {
          index,
        });
      }
      const predicate = parseKeyPredicate(statement);
      // The log's own keys answer only to the root: a statement in the log cannot take a log key's authority away
      // (a co-signer could otherwise brick the writer), and a rotation is recorded where a pinned root enforces it.
      if (predicate.action === "revoke" && registry.isLogKey(predicate.keyid)) {
        throw new ShouldersError(
          "UNAUTHORISED_SIGNER",
          `entry ${index} revokes a log key; a log key is retired in trust.json with \`shoulders trust rotate\`, not revoked in the log`,
          { index },
        );
      }
      entry.keyPredicate = predicate;
    }
    return entry;
  } catch (error) {
    throw withIndex(error, index);
  }
}

/**
 * A statement enters the log once, and only the ledger (and, for a log key's own statements, the entry) it was signed
 * for (docs/format.md, "Bound to one ledger"). A signature covers the payload only, so without this an old split
 * policy appended again would read as current, a statement from a sister ledger that shares a key would count here,
 * and a countersignature could be lifted onto a copy of an approved statement that then reads as the log key's own.
 * Returns the statement's payloadKey.
 */
export function assertNewStatement(payloadBytes: Uint8Array, statement: Statement, index: number, registry: SignerRegistry): string {
  const key = payloadKey(payloadBytes);
  const earlier = registry.statementAt(key);
  if (earlier !== undefined && earlier < index) {
    throw new ShouldersError(
      "DUPLICATE_STATEMENT",
      `entry ${index} repeats the statement of entry ${earlier}; a statement enters the log once`,
      {
        index,
      },
    );
  }
  assertBound(statement, registry.origin, index);
  return key;
}

function unauthorised(
  index: number,
  registry: SignerRegistry,
  refused: readonly { keyid: string; why: "revoked" | "retired" | "not-yet-added" }[],
): ShouldersError {
  const retired = refused.find((r) => r.why === "retired");
  if (retired !== undefined) {
    const at = registry.get(retired.keyid)?.retiredAt;
    return new ShouldersError(
      "KEY_REVOKED",
      `entry ${index} is signed only by log key ${retired.keyid.slice(0, 16)}…, which was rotated out of the log at entry ${at}`,
      { index },
    );
  }
  const revoked = refused.find((r) => r.why === "revoked");
  if (revoked !== undefined) {
    return new ShouldersError(
      "KEY_REVOKED",
      `entry ${index} is signed only by key ${revoked.keyid.slice(0, 16)}…, revoked at entry ${registry.revokedAt(revoked.keyid)}`,
      { index },
    );
  }
  const why = refused.length > 0 ? "a key added only at or after this entry" : "no key the log knows";
  return new ShouldersError("UNAUTHORISED_SIGNER", `entry ${index} is signed by ${why}`, { index });
}

/** Puts the entry index on an error raised by a parser that does not know it. */
export function withIndex(error: unknown, index: number): ShouldersError {
  if (error instanceof ShouldersError) {
    if (error.index !== undefined) return error;
    return new ShouldersError(error.code, `entry ${index}: ${error.message}`, { cause: error.cause, index });
  }
  return new ShouldersError("MALFORMED_ENTRY", `entry ${index}: ${(error as Error)?.message ?? String(error)}`, { cause: error, index });
}
