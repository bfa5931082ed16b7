import { z } from "zod";
import { fromBase64, toBase64, utf8 } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { keyIdOf } from "../keys/keyid.js";
import { decodePublicKey } from "../keys/public-key.js";
import { sha256Hex } from "../sha256.js";
import { STATEMENT_TYPE, type Statement } from "../statement/statement.js";
import { IdentitySchema } from "./identity.js";

export const KEY_PREDICATE_TYPE = "https://shoulders.dev/attribution/key/v1";

const KeyId = z.string().regex(/^[0-9a-f]{64}$/, "a keyid is 64 lowercase hex characters");
/** Roles are open-ended so later predicates can gate on new ones; the documented ones are record, usage, witness. */
const Role = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, "a role is a short lowercase word such as record or usage");

export const KeyAddSchema = z.object({
  action: z.literal("add"),
  keyid: KeyId,
  publicKey: z.string(),
  identity: IdentitySchema,
  roles: z.array(Role).max(16).default([]),
});
export const KeyRevokeSchema = z.object({
  action: z.literal("revoke"),
  keyid: KeyId,
  reason: z.string().max(1000).default(""),
  compromisedSince: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});
export const KeyLinkSchema = z.object({
  action: z.literal("link"),
  identities: z.array(IdentitySchema).min(2).max(32),
});
export const KeyPredicateSchema = z.discriminatedUnion("action", [KeyAddSchema, KeyRevokeSchema, KeyLinkSchema]);
export type KeyPredicate = z.infer<typeof KeyPredicateSchema>;

/**
 * Validates a key statement's predicate. Besides the shape, an `add` must name the keyid of its own public key:
 * otherwise a statement could show one key to a reader and authorise another (identity confusion).
 */
export function parseKeyPredicate(statement: Statement): KeyPredicate {
  const parsed = KeyPredicateSchema.safeParse(statement.predicate ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ShouldersError("PREDICATE_INVALID", `key statement: ${issue?.path.join(".") || "predicate"}: ${issue?.message}`);
  }
  const predicate = parsed.data;
  if (predicate.action === "add") {
    const publicKey = decodePublicKey(fromBase64(predicate.publicKey, "publicKey", "PREDICATE_INVALID"));
    if (keyIdOf(publicKey) !== predicate.keyid) {
      throw new ShouldersError("PREDICATE_INVALID", "key statement: keyid is not the SHA-256 of publicKey");
    }
  }
  // Names AND digests: a subject `key:A` digested as key B would be found by tools that look keys up by digest.
  const expected = keySubjects(predicate).map(subjectText);
  const actual = statement.subject.map(subjectText);
  if (expected.join("\n") !== actual.join("\n")) {
    const names = keySubjects(predicate).map((subject) => `${subject.name} (sha256 ${subject.digest.sha256})`);
    throw new ShouldersError("PREDICATE_INVALID", `key statement: subject must be ${names.join(", ")}, and nothing else`);
  }
  return predicate;
}

function subjectText(subject: Statement["subject"][number]): string {
  return `${subject.name} ${JSON.stringify(Object.entries(subject.digest).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
}

/**
 * docs/format.md gives key statements the subject `key:<keyid>`. A `link` names no key, so its subjects are the linked
 * identities, each digested by the SHA-256 of its text.
 */
function keySubjects(predicate: KeyPredicate): Statement["subject"] {
  if (predicate.action === "link") {
    return predicate.identities.map((identity) => ({
      name: `identity:${identity}`,
      digest: { sha256: sha256Hex(utf8(identity)) },
    }));
  }
  return [{ name: `key:${predicate.keyid}`, digest: { sha256: predicate.keyid } }];
}

export function keyStatement(predicate: KeyPredicate): Statement {
  return { _type: STATEMENT_TYPE, subject: keySubjects(predicate), predicateType: KEY_PREDICATE_TYPE, predicate };
}

export function keyAddPredicate(publicKey: Uint8Array, identity: string, roles: string[]): KeyPredicate {
  return { action: "add", keyid: keyIdOf(publicKey), publicKey: toBase64(publicKey), identity, roles };
}
