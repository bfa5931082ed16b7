import { alternatives, type LicenseLeaf } from "./expression.js";
import type { LicenseInfo } from "./identify.js";
import { isWebLink } from "./license-link.js";
import { type DeclaredTerms, type LicenseTerms, LicenseTermsSchema } from "./terms/schema.js";
import { termsForKey } from "./terms/table.js";

/** One license of an expression, with its terms when we have them. */
export interface ResolvedLeaf {
  key: string;
  leaf: LicenseLeaf;
  terms: LicenseTerms | undefined;
  /** Why a human must read this license, if they must. */
  review: string | undefined;
}

// Declared fields that only add duties or describe; anything else changes the grant and needs a human to confirm it.
const DESCRIPTIVE = new Set([
  "fees",
  "attributionNotice",
  "noticeText",
  "namingRule",
  "namePrefix",
  "userThreshold",
  "notes",
  "name",
  "url",
]);

function withDeclared(base: LicenseTerms, declared: DeclaredTerms): { terms: LicenseTerms; review: string | undefined } {
  const changed = Object.keys(declared).filter((field) => !DESCRIPTIVE.has(field));
  const terms = {
    ...base,
    ...declared,
    notes: [...(base.notes ?? []), ...(declared.notes ?? []), "Some terms were declared by the licensor for this artifact."],
  };
  const review = changed.length > 0 ? `the licensor declared ${changed.join(", ")} beyond the license text` : base.review;
  return { terms, review };
}

/** An `other` license has terms only if the licensor declared all of them; otherwise it stays unknown. */
function declaredOther(info: LicenseInfo, key: string): LicenseTerms | undefined {
  if (!info.declared) return undefined;
  // A file of the repository (LICENSE) is no URL for the terms; the licensor's own url then stands.
  const url = info.link !== undefined && isWebLink(info.link) ? info.link : info.declared.url;
  const candidate = {
    id: key,
    name: info.name ?? info.declared.name ?? "Other license",
    ...info.declared,
    ...(url ? { url, sources: [url] } : {}),
  };
  const parsed = LicenseTermsSchema.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

function resolveLeaf(info: LicenseInfo, leaf: LicenseLeaf): ResolvedLeaf {
  const key = leaf.license;
  const base = termsForKey(key);
  if (base === undefined) {
    const declared = declaredOther(info, key);
    const label = info.name ? `${info.name} (${key})` : key;
    return declared
      ? { key, leaf, terms: declared, review: `${label}: terms declared by the licensor, not checked against the license text` }
      : { key, leaf, terms: undefined, review: `${label}: no terms on record; read the license${info.link ? ` at ${info.link}` : ""}` };
  }
  // A declaration describes the artifact's license as a whole, so it applies only when there is one leaf.
  if (info.declared && info.ids.length === 1) {
    const { terms, review } = withDeclared(base, info.declared);
    return { key, leaf, terms, review: review ? `${key}: ${review}` : undefined };
  }
  return { key, leaf, terms: base, review: base.review ? `${key}: ${base.review}` : undefined };
}

/**
 * The license's options, each a list of licenses that apply together: `A OR B` gives two options, `A AND B` one
 * option of two licenses. `other`/`unknown` is a single option of a single leaf named after the license.
 */
export function resolveAlternatives(info: LicenseInfo): ResolvedLeaf[][] {
  if (!info.expression) {
    const key = info.hubId ?? "other";
    return [[resolveLeaf(info, { license: key })]];
  }
  // parseLicense refuses expressions with too many options; a hand-built one falls back to every license at once,
  // the stricter reading.
  const options = alternatives(info.expression) ?? [leavesOf(info)];
  return options.map((option) => option.map((leaf) => resolveLeaf(info, leaf)));
}

function leavesOf(info: LicenseInfo): LicenseLeaf[] {
  return info.ids.map((license) => ({ license }));
}
