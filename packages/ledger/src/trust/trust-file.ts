import { z } from "zod";
import { toHex } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { parseStrictJson } from "../json/parse-strict-json.js";
import { parseVerifierKey, SIGNATURE_TYPE_COSIGNATURE_V1, type VerifierKey } from "../note/verifier-key.js";

export const TRUST_VERSION = 1;

const TrustFileSchema = z.looseObject({
  version: z.number(),
  log: z.looseObject({
    origin: z
      .string()
      .min(1)
      .max(1024)
      .regex(/^[^\s+]+$/u, "the origin has no spaces or '+'"),
    verifierKeys: z.array(z.string()).min(1).max(16),
  }),
  witnesses: z
    .array(
      z.looseObject({
        key: z.string(),
        url: z
          .url({ protocol: /^https?$/, error: "a witness url must be an http(s) URL" })
          .max(2048)
          .optional(),
      }),
    )
    .max(32)
    .optional(),
});

/**
 * A witness the log asks for cosignatures (C2SP tlog-witness) and verifiers may require. An extension of SPEC's
 * trust.json, which tells readers to ignore unknown fields, so older verifiers still read the file.
 */
export type TrustedWitness = { key: VerifierKey; url?: string };

export type Trust = {
  origin: string;
  verifierKeys: VerifierKey[];
  witnesses?: TrustedWitness[];
};

/** Reads trust.json, the root of trust. Unknown fields are ignored, any version other than 1 is refused. */
export function parseTrust(bytes: Uint8Array | string, source = "trust.json"): Trust {
  let json: unknown;
  try {
    json = parseStrictJson(bytes, { what: source });
  } catch (cause) {
    throw new ShouldersError("TRUST_INVALID", `${source} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  const parsed = TrustFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ShouldersError("TRUST_INVALID", `${source}: ${issue?.path.join(".") || "root"}: ${issue?.message}`);
  }
  if (parsed.data.version !== TRUST_VERSION) {
    throw new ShouldersError("TRUST_INVALID", `${source}: version ${parsed.data.version} is not supported (only 1)`);
  }
  const verifierKeys = parsed.data.log.verifierKeys.map((text) => parseVerifierKey(text));
  const witnesses = (parsed.data.witnesses ?? []).map(
    (w): TrustedWitness => ({
      key: parseVerifierKey(w.key, SIGNATURE_TYPE_COSIGNATURE_V1),
      ...(w.url === undefined ? {} : { url: w.url }),
    }),
  );
  // By public key, not by text: one key under two names would be counted as two witnesses.
  if (new Set(witnesses.map((w) => toHex(w.key.publicKey))).size !== witnesses.length) {
    throw new ShouldersError("TRUST_INVALID", `${source}: a witness key is listed twice`);
  }
  return { origin: parsed.data.log.origin, verifierKeys, ...(witnesses.length === 0 ? {} : { witnesses }) };
}

export function formatTrust(trust: Trust): string {
  const file = {
    version: TRUST_VERSION,
    log: { origin: trust.origin, verifierKeys: trust.verifierKeys.map((key) => key.text) },
    ...(trust.witnesses === undefined || trust.witnesses.length === 0
      ? {}
      : { witnesses: trust.witnesses.map((w) => ({ key: w.key.text, ...(w.url === undefined ? {} : { url: w.url }) })) }),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}
