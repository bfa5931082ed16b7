/**
 * The in-toto Statement v1 (github.com/in-toto/attestation, spec/v1/statement.md) as docs/format.md restricts it: every
 * subject has a non-empty name and at least one lowercase-hex digest of the right length for its algorithm.
 * Unknown fields are tolerated, as in-toto's parsing rules require, so statements from newer writers still verify.
 */
import { z } from "zod";
import { utf8 } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { describeZodError } from "../json/describe-zod-error.js";
import { parseStrictJson } from "../json/parse-strict-json.js";

export const STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
export const MAX_SUBJECTS = 10_000;
const MAX_STATEMENT_DEPTH = 64;

// Digests are compared as strings, so one digest must have one spelling: lowercase only, exact length.
const hexDigest = (pattern: RegExp, rule: string) => z.string().regex(pattern, rule);

export const DigestSetSchema = z
  .object({
    sha256: hexDigest(/^[0-9a-f]{64}$/, "sha256 must be 64 lowercase hex characters").optional(),
    sha512: hexDigest(/^[0-9a-f]{128}$/, "sha512 must be 128 lowercase hex characters").optional(),
    // A git commit id is SHA-1 (40) or, in SHA-256 repositories, 64 characters.
    gitCommit: hexDigest(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/, "gitCommit must be 40 or 64 lowercase hex characters").optional(),
  })
  // in-toto allows other algorithms; we cannot know their lengths, but they are still lowercase hex bytes.
  .catchall(hexDigest(/^(?:[0-9a-f]{2})+$/, "a digest must be lowercase hex"))
  .refine((digests) => Object.keys(digests).length > 0, "a subject needs at least one digest")
  .meta({ minProperties: 1 });

/**
 * An absolute URI (RFC 3986 §4.3: a scheme, then no whitespace). Not z.url(): zod trims whitespace from its output,
 * so the parsed type would differ from the signed bytes, and a type is matched as a string, so it needs one spelling.
 */
const TypeUriSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/, "predicateType must be an absolute URI")
  .refine((value) => URL.canParse(value), "predicateType must be an absolute URI")
  .meta({ format: "uri" });

export const SubjectSchema = z.looseObject({
  name: z.string().min(1, "a subject needs a name"),
  digest: DigestSetSchema,
});

export const StatementSchema = z
  .looseObject({
    _type: z.literal(STATEMENT_TYPE),
    subject: z.array(SubjectSchema).min(1, "a statement needs at least one subject").max(MAX_SUBJECTS),
    predicateType: TypeUriSchema,
    predicate: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ title: "in-toto Statement v1", description: "An in-toto Statement v1 as the Shoulders ledger accepts it." });

export type Statement = z.infer<typeof StatementSchema>;

export function parseStatement(payloadBytes: Uint8Array): Statement {
  const json = parseStrictJson(payloadBytes, { maxDepth: MAX_STATEMENT_DEPTH, what: "statement" });
  // Counted before zod walks the list, so a huge list is refused in constant time with its own code.
  const count = subjectCount(json);
  if (count > MAX_SUBJECTS) {
    throw new ShouldersError("TOO_MANY_SUBJECTS", `statement has ${count} subjects, more than ${MAX_SUBJECTS}`);
  }
  const result = StatementSchema.safeParse(json);
  if (!result.success) throw new ShouldersError("STATEMENT_INVALID", describeZodError(result.error, "statement"));
  return result.data;
}

/** UTF-8 JSON of the statement, checked by parseStatement first, so we never sign what a verifier refuses. */
export function encodeStatement(statement: Statement): Uint8Array {
  let text: string | undefined;
  try {
    text = JSON.stringify(statement);
  } catch (cause) {
    throw new ShouldersError("STATEMENT_INVALID", "statement cannot be written as JSON", { cause });
  }
  if (typeof text !== "string") throw new ShouldersError("STATEMENT_INVALID", "statement is not a JSON object");
  const bytes = utf8(text);
  parseStatement(bytes);
  return bytes;
}

/** The JSON Schema (draft 2020-12) of what parseStatement accepts, for other tools. */
export function statementJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(StatementSchema) as Record<string, unknown>;
}

function subjectCount(json: unknown): number {
  if (typeof json !== "object" || json === null || !Object.hasOwn(json, "subject")) return 0;
  const subject = (json as { subject: unknown }).subject;
  return Array.isArray(subject) ? subject.length : 0;
}
