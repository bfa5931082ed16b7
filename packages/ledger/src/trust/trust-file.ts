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
    retiredKeys: z
      .array(
        z.looseObject({
          key: z.string(),
          retiredAt: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
          compromisedSince: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
        }),
      )
      .max(64)
      .optional(),
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
 * A witness the log asks for cosignatures (C2SP tlog-witness) and verifiers may require (docs/format.md, "Witnesses
 * and cosignatures"). Readers ignore unknown fields, so verifiers that predate witnesses still read the file.
 */
export type TrustedWitness = { key: VerifierKey; url?: string };

/**
 * A log key rotated out with `shoulders trust rotate` (docs/format.md, "Rotating the log key"). It may have signed
 * entries below `retiredAt` and checkpoints of at most `retiredAt` entries, and nothing beyond: the root itself says
 * so, so a verifier holding only a pinned trust.json refuses a leaked old key's fork past the rotation.
 */
export type RetiredKey = { key: VerifierKey; retiredAt: number; compromisedSince?: number };

export type Trust = {
  origin: string;
  /** The current log keys: they sign entries at any index and checkpoints of any size. */
  verifierKeys: VerifierKey[];
  retiredKeys?: RetiredKey[];
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
  const retiredKeys = (parsed.data.log.retiredKeys ?? []).map(
    (retired): RetiredKey => ({
      key: parseVerifierKey(retired.key),
      retiredAt: retired.retiredAt,
      ...(retired.compromisedSince === undefined ? {} : { compromisedSince: Math.min(retired.compromisedSince, retired.retiredAt) }),
    }),
  );
  // One public key has one status: listed as current and retired, a verifier could not tell which rule applies.
  const logKeys = [...verifierKeys, ...retiredKeys.map((retired) => retired.key)];
  if (new Set(logKeys.map((key) => toHex(key.publicKey))).size !== logKeys.length) {
    throw new ShouldersError("TRUST_INVALID", `${source}: a log key is listed twice (in verifierKeys or retiredKeys)`);
  }
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
  return {
    origin: parsed.data.log.origin,
    verifierKeys,
    ...(retiredKeys.length === 0 ? {} : { retiredKeys }),
    ...(witnesses.length === 0 ? {} : { witnesses }),
  };
}

export function formatTrust(trust: Trust): string {
  const file = {
    version: TRUST_VERSION,
    log: {
      origin: trust.origin,
      verifierKeys: trust.verifierKeys.map((key) => key.text),
      ...(trust.retiredKeys === undefined || trust.retiredKeys.length === 0
        ? {}
        : {
            retiredKeys: trust.retiredKeys.map((retired) => ({
              key: retired.key.text,
              retiredAt: retired.retiredAt,
              ...(retired.compromisedSince === undefined ? {} : { compromisedSince: retired.compromisedSince }),
            })),
          }),
    },
    ...(trust.witnesses === undefined || trust.witnesses.length === 0
      ? {}
      : { witnesses: trust.witnesses.map((w) => ({ key: w.key.text, ...(w.url === undefined ? {} : { url: w.url }) })) }),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}
