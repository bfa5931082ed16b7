import { ShouldersError } from "@shoulders/ledger";
import parseSpdx from "spdx-expression-parse";
import { z } from "zod";
import { alternatives, formatExpression, type LicenseNode, leaves, MAX_ALTERNATIVES } from "./expression.js";
import { isHubLicenseId } from "./hub-licenses.js";
import { HUB_TO_SPDX, toHubId, toSpdx } from "./hub-spdx-map.js";
import { LicenseLink } from "./license-link.js";
import { replaceDeprecatedGnu, SPDX_ID_BY_LOWER } from "./spdx-ids.js";
import { suggestLicenses } from "./suggest.js";
import { type DeclaredTerms, DeclaredTermsSchema } from "./terms/schema.js";
import { canonicalKey, termsForKey } from "./terms/table.js";

/** Longer inputs are refused before parsing: the parser recurses once per parenthesis, and no real license needs more. */
export const MAX_LICENSE_LENGTH = 500;

export interface LicenseInfo {
  /** The text as given, trimmed. */
  input: string;
  /** "hub": a Hub id; "spdx": an SPDX expression; "other": `other`, `unknown`, NOASSERTION or NONE. */
  kind: "hub" | "spdx" | "other";
  /** The Hub id, when the license is one id the Hub knows (lossy for "-or-later", see toHubId). */
  hubId?: string;
  /** The expression in canonical SPDX spelling, LicenseRefs included. */
  spdx?: string;
  /** The leaf license keys, in order, without duplicates: keys of TERMS when known. */
  ids: string[];
  expression?: LicenseNode;
  /** Some leaf has no terms in our table (or the license is `other`/`unknown`). */
  unknown: boolean;
  /** A human must read the license: unknown leaves, `other`, or terms marked for review. */
  review: boolean;
  name?: string;
  link?: string;
  /** Terms the licensor declared (see DeclaredTermsSchema). */
  declared?: DeclaredTerms;
}

export interface ParseLicenseOptions {
  /** The license's name, for `other` and LicenseRefs (the Hub's `license_name`). */
  name?: string;
  /** Where its text is (the Hub's `license_link`): a URL, or a file of the repository such as LICENSE. */
  link?: string;
  declared?: DeclaredTerms;
}

const OptionsSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    link: LicenseLink.optional(),
    declared: DeclaredTermsSchema.optional(),
  })
  .strict();

const NO_LICENSE = new Set(["other", "unknown", "noassertion", "none"]);
const OPERATORS = new Set(["AND", "OR", "WITH"]);

function refuse(message: string, cause?: unknown): never {
  throw new ShouldersError("BAD_ARGUMENT", message, cause === undefined ? {} : { cause });
}

/**
 * One token of an expression in canonical spelling: operators upper-case, SPDX ids as the list spells them, Hub ids
 * as their SPDX id, deprecated GNU ids as -only/-or-later. Unknown words are left alone for the parser to refuse.
 */
function normaliseToken(word: string, afterWith: boolean): string {
  const upper = word.toUpperCase();
  if (OPERATORS.has(upper)) return upper;
  // SPDX exception ids are matched as written: spdx-expression-parse keeps their list private.
  if (afterWith) return word;
  const lower = word.toLowerCase();
  if (lower.startsWith("licenseref-")) return canonicalKey(word) ?? `LicenseRef-${word.slice("licenseref-".length)}`;
  if (lower.startsWith("documentref-")) return word.replace(/^documentref-/i, "DocumentRef-").replace(/:licenseref-/i, ":LicenseRef-");
  const spdx = SPDX_ID_BY_LOWER.get(lower);
  if (spdx) return replaceDeprecatedGnu(spdx, false) ?? spdx;
  const hub = toSpdx(lower);
  if (hub) return hub;
  if (lower.endsWith("+")) {
    const base = SPDX_ID_BY_LOWER.get(lower.slice(0, -1));
    if (base) return replaceDeprecatedGnu(base, true) ?? `${base}+`;
  }
  return word;
}

function normaliseExpression(input: string): string {
  let afterWith = false;
  return input
    .split(/(\s+|[()])/)
    .map((part) => {
      if (part === "" || /^\s+$/.test(part) || part === "(" || part === ")") return part;
      const token = normaliseToken(part, afterWith);
      afterWith = token === "WITH";
      return token;
    })
    .join("")
    .replace(/\s+/g, " ");
}

function suggestionMessage(input: string): string {
  const quoted = JSON.stringify(input.length > 80 ? `${input.slice(0, 77)}...` : input);
  const words = input.split(/[\s()]+/).filter((w) => w && !OPERATORS.has(w.toUpperCase()));
  if (words.some((w) => NO_LICENSE.has(w.toLowerCase())) && words.length > 1) {
    return `${quoted}: "other" and "unknown" cannot be part of an expression; name the license LicenseRef-NAME instead`;
  }
  let suggestions = suggestLicenses(input);
  for (const word of words) {
    if (suggestions.length > 0) break;
    if (!SPDX_ID_BY_LOWER.has(word.toLowerCase()) && !isHubLicenseId(word.toLowerCase())) suggestions = suggestLicenses(word);
  }
  const hint =
    suggestions.length > 0
      ? `did you mean ${suggestions.join(", ")}?`
      : 'use a Hub id (apache-2.0), an SPDX expression (MIT OR Apache-2.0), LicenseRef-NAME, or "other" with a name and link';
  return `${quoted} is not a Hub license id or an SPDX license expression; ${hint}`;
}

function withIds(info: Omit<LicenseInfo, "ids" | "unknown" | "review">): LicenseInfo {
  const ids = info.expression ? [...new Set(leaves(info.expression).map((leaf) => leaf.license))] : [];
  const terms = ids.map(termsForKey);
  const unknown = ids.length === 0 || terms.some((t) => t === undefined);
  const review = unknown || info.kind === "other" || terms.some((t) => t?.review !== undefined);
  return { ...info, ids, unknown, review };
}

/**
 * Reads a license as a card, a CLI flag or a statement gives it: a Hub id (any case), an SPDX expression with
 * AND/OR/WITH/+ (ids in any case; exceptions as SPDX spells them), a LicenseRef, or `other` with a name and link.
 * Anything else is a BAD_ARGUMENT whose one-line message suggests close matches.
 */
export function parseLicense(text: string, options: ParseLicenseOptions = {}): LicenseInfo {
  if (typeof text !== "string") refuse("a license must be a string");
  const input = text.trim();
  if (input === "") refuse("the license is empty");
  if (input.length > MAX_LICENSE_LENGTH) refuse(`the license is ${input.length} characters long; the limit is ${MAX_LICENSE_LENGTH}`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this refuses.
  if (/[\u0000-\u001f\u007f]/.test(input)) refuse("the license contains control characters");
  const parsedOptions = OptionsSchema.safeParse(options);
  if (!parsedOptions.success) {
    const issue = parsedOptions.error.issues[0];
    refuse(`license option ${issue?.path.join(".") || "?"}: ${issue?.message ?? "invalid"}`, parsedOptions.error);
  }
  const { name, link, declared } = parsedOptions.data;
  const extra = { ...(name ? { name } : {}), ...(link ? { link } : {}), ...(declared ? { declared } : {}) };
  const lower = input.toLowerCase();

  if (NO_LICENSE.has(lower)) {
    return { input, kind: "other", ...(isHubLicenseId(lower) ? { hubId: lower } : {}), ids: [], unknown: true, review: true, ...extra };
  }
  // A bare Hub id that is not also an SPDX id as written ("llama3.1", "APACHE-2.0", "bsd").
  if (isHubLicenseId(lower) && SPDX_ID_BY_LOWER.get(lower) !== input) {
    const spdx = HUB_TO_SPDX[lower as keyof typeof HUB_TO_SPDX];
    return withIds({ input, kind: "hub", hubId: lower, spdx, expression: { license: spdx }, ...extra });
  }

  let expression: LicenseNode;
  try {
    expression = parseSpdx(normaliseExpression(input));
  } catch (error) {
    refuse(suggestionMessage(input), error);
  }
  if (alternatives(expression) === undefined)
    refuse(`the license expression offers more than ${MAX_ALTERNATIVES} combinations of licenses`);
  const single = leaves(expression).length === 1 ? leaves(expression)[0] : undefined;
  const hubId = single && !single.exception ? toHubId(`${single.license}${single.plus ? "+" : ""}`) : undefined;
  return withIds({ input, kind: "spdx", ...(hubId ? { hubId } : {}), spdx: formatExpression(expression), expression, ...extra });
}
