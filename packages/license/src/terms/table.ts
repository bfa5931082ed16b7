import { CREATIVE_COMMONS_TERMS } from "./creative-commons.js";
import { DATA_TERMS } from "./data.js";
import { LLAMA_TERMS } from "./llama.js";
import { OPEN_SOURCE_TERMS } from "./open-source.js";
import { RAIL_TERMS } from "./rail.js";
import type { LicenseTerms } from "./schema.js";
import { VENDOR_TERMS } from "./vendor.js";

/** Every entry, in one list so tests can check that no key is defined twice. */
export const TERMS_LIST: readonly LicenseTerms[] = [
  ...OPEN_SOURCE_TERMS,
  ...CREATIVE_COMMONS_TERMS,
  ...DATA_TERMS,
  ...RAIL_TERMS,
  ...LLAMA_TERMS,
  ...VENDOR_TERMS,
];

/**
 * The terms table, keyed by canonical key: the SPDX id when one exists, else our LicenseRef. A license that is not
 * here has no terms: it is unknown and goes to review, never treated as permissive.
 */
export const TERMS: Readonly<Record<string, LicenseTerms>> = Object.freeze(
  Object.fromEntries(TERMS_LIST.map((terms) => [terms.id, terms])),
);

/** Own keys only, so "constructor" or "__proto__" in attacker input never finds an inherited value. */
export function termsForKey(key: string): LicenseTerms | undefined {
  return Object.hasOwn(TERMS, key) ? TERMS[key] : undefined;
}

const KEY_BY_LOWER = new Map(TERMS_LIST.map((terms) => [terms.id.toLowerCase(), terms.id] as const));

/** The canonical spelling of a key, matched case-insensitively (SPDX ids and LicenseRefs match without case). */
export function canonicalKey(id: string): string | undefined {
  return KEY_BY_LOWER.get(id.toLowerCase());
}
