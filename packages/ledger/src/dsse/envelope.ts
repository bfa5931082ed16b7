/**
 * The DSSE envelope profile of a log line or pending file (docs/format.md, "Envelopes"): exactly
 * `{"payloadType","payload","signatures":[{"keyid","sig"}]}`, I-JSON, canonical base64, 1 to 8 signatures.
 *
 * The profile is stricter than DSSE itself (which allows URL-safe base64, optional keyids and extra members) so that
 * every entry has exactly one spelling: the Merkle leaf is the line's bytes, and two spellings of one envelope would
 * be two different logs that verify the same.
 */
import { z } from "zod";
import { fromBase64 } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { describeZodError } from "../json/describe-zod-error.js";
import { parseStrictJson } from "../json/parse-strict-json.js";

export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
export const MAX_LINE_BYTES = 1 << 20;
export const MAX_SIGNATURES = 8;
export const MAX_JSON_DEPTH = 64;
/** RFC 8032 §5.1.6: an Ed25519 signature is R ‖ S, 64 bytes. */
export const SIGNATURE_BYTES = 64;

export type Envelope = { payloadType: string; payload: string; signatures: { keyid: string; sig: string }[] };

export type ParsedEnvelope = {
  envelope: Envelope;
  payloadBytes: Uint8Array;
  signatures: { keyid: string; sig: Uint8Array }[];
};

const KEYID = /^[0-9a-f]{64}$/;

export const EnvelopeSchema = z.strictObject({
  payloadType: z.literal(IN_TOTO_PAYLOAD_TYPE),
  payload: z.string(),
  signatures: z
    .array(
      z.strictObject({
        keyid: z.string().regex(KEYID, "must be the lowercase hex SHA-256 of a public key (64 characters)"),
        sig: z.string(),
      }),
    )
    .min(1, "at least one signature is required")
    .max(MAX_SIGNATURES),
});

export function parseEnvelope(input: Uint8Array | string, options: { compact: boolean }): ParsedEnvelope {
  // First, before any parsing: a huge line must cost nothing but this comparison.
  const size = byteLength(input);
  if (size > MAX_LINE_BYTES) {
    throw new ShouldersError("LINE_TOO_LONG", `envelope is longer than the limit of ${MAX_LINE_BYTES} bytes`);
  }
  const json = parseStrictJson(input, { maxDepth: MAX_JSON_DEPTH, compact: options.compact, what: "envelope" });

  const count = signatureCount(json);
  if (count > MAX_SIGNATURES) {
    throw new ShouldersError("TOO_MANY_SIGNATURES", `envelope has ${count} signatures, more than ${MAX_SIGNATURES}`);
  }
  const result = EnvelopeSchema.safeParse(json);
  if (!result.success) throw new ShouldersError("MALFORMED_ENTRY", describeZodError(result.error, "envelope"));
  const envelope: Envelope = result.data;

  const payloadBytes = fromBase64(envelope.payload, "envelope payload");
  const seen = new Set<string>();
  const signatures = envelope.signatures.map(({ keyid, sig }, i) => {
    // One key signing twice would count twice toward any threshold, and makes "which signature?" ambiguous.
    if (seen.has(keyid)) throw new ShouldersError("MALFORMED_ENTRY", `envelope signatures[${i}]: duplicate keyid`);
    seen.add(keyid);
    const bytes = fromBase64(sig, `envelope signatures[${i}].sig`);
    if (bytes.length !== SIGNATURE_BYTES) {
      throw new ShouldersError("MALFORMED_ENTRY", `envelope signatures[${i}].sig: must be ${SIGNATURE_BYTES} bytes, got ${bytes.length}`);
    }
    return { keyid, sig: bytes };
  });
  return { envelope, payloadBytes, signatures };
}

/**
 * The exact log-line text: compact JSON, members in the profile's order, no trailing newline. The result is parsed
 * back before it is returned, so a writer can never append a line that a verifier would refuse.
 */
export function serializeEnvelope(envelope: Envelope): string {
  const line = JSON.stringify({
    payloadType: envelope.payloadType,
    payload: envelope.payload,
    signatures: envelope.signatures.map(({ keyid, sig }) => ({ keyid, sig })),
  });
  parseEnvelope(line, { compact: true });
  return line;
}

function byteLength(input: Uint8Array | string): number {
  if (input instanceof Uint8Array) return input.length;
  if (typeof input !== "string") throw new ShouldersError("BAD_ARGUMENT", "envelope must be bytes or a string");
  // UTF-8 never takes fewer bytes than UTF-16 code units, so a long string is refused without being measured.
  if (input.length > MAX_LINE_BYTES) return input.length;
  return Buffer.byteLength(input, "utf8");
}

function signatureCount(json: unknown): number {
  if (typeof json !== "object" || json === null || !Object.hasOwn(json, "signatures")) return 0;
  const signatures = (json as { signatures: unknown }).signatures;
  return Array.isArray(signatures) ? signatures.length : 0;
}
