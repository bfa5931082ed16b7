import { z } from "zod";

/**
 * A party is named by a scheme and a name (docs/format.md, "Signers"). The names are restricted to ASCII so that two
 * identities that render alike (Unicode look-alikes) cannot both exist; case is normalised where the scheme's
 * provider ignores it (GitHub and Hugging Face logins, e-mail domains and local parts as providers treat them).
 */
const IDENTITY_PATTERNS = new Map<string, RegExp>(
  Object.entries({
    github: /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}(?:\[bot\])?$/,
    "github-id": /^[1-9][0-9]{0,19}$/,
    hf: /^[a-z0-9](?:[a-z0-9._-]{0,94}[a-z0-9])?$/,
    email: /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/,
    "email-sha256": /^[0-9a-f]{64}$/,
    ci: /^[a-z0-9][a-z0-9._-]{0,99}\/[a-z0-9._-]{1,100}$/,
  }),
);

export const IDENTITY_SCHEMES = [...IDENTITY_PATTERNS.keys()];

export function isIdentity(text: string): boolean {
  const colon = text.indexOf(":");
  if (colon <= 0) return false;
  // A Map, not an object: a scheme named "__proto__" or "constructor" must not find a prototype member.
  return IDENTITY_PATTERNS.get(text.slice(0, colon))?.test(text.slice(colon + 1)) === true;
}

/** Lower-cases the parts that providers compare without case, so `github:Alice` and `github:alice` are one party. */
export function normaliseIdentity(text: string): string {
  const colon = text.indexOf(":");
  if (colon <= 0) return text;
  const scheme = text.slice(0, colon);
  const name = text.slice(colon + 1);
  return scheme === "email-sha256" || scheme === "github-id" ? text : `${scheme}:${name.toLowerCase()}`;
}

export const IdentitySchema = z
  .string()
  .max(320)
  .refine(isIdentity, {
    message: `an identity is SCHEME:NAME with scheme ${IDENTITY_SCHEMES.join(", ")} (for example github:alice), in lowercase ASCII`,
  });
