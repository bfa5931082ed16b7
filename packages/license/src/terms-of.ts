import { leafText } from "./expression.js";
import type { LicenseInfo } from "./identify.js";
import { type ResolvedLeaf, resolveAlternatives } from "./resolve-terms.js";
import type { Condition, Fees, LicenseKind, Limitation, Permission } from "./terms/schema.js";

/** What applies to someone who receives material under a license: one option, or the most permissive of several. */
export interface EffectiveTerms {
  /** The keys of the licenses that apply together. */
  ids: string[];
  name: string;
  kinds: LicenseKind[];
  permissions: Permission[];
  conditions: Condition[];
  limitations: Limitation[];
  useRestrictions: string[];
  attributionNotices: string[];
  noticeTexts: string[];
  namingRules: string[];
  userThresholds: { license: string; monthlyActiveUsers: number; requires: string }[];
  fees: (Fees & { license: string })[];
  derivativesStayUnder: string[];
  commercial: boolean;
  shareAlike: boolean;
  noDerivatives: boolean;
  notes: string[];
  sources: string[];
  /** Keys of licenses with no terms on record. */
  unknown: string[];
  review: boolean;
  reviewReasons: string[];
  /** For `A OR B`: every option, in the expression's order. The fields above describe the most permissive one. */
  alternatives?: EffectiveTerms[];
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/**
 * `A AND B`: both licenses apply, so conditions, limitations and restrictions add up and only permissions granted by
 * every license remain. A license with no terms on record grants nothing we can show, so it empties the permissions.
 */
function combineAll(leaves: ResolvedLeaf[]): EffectiveTerms {
  const known = leaves.flatMap((l) => (l.terms ? [l.terms] : []));
  const unknown = leaves.filter((l) => !l.terms).map((l) => l.key);
  const permissions = unknown.length > 0 ? [] : (known[0]?.permissions ?? []).filter((p) => known.every((t) => t.permissions.includes(p)));
  const notes = leaves.flatMap((l) => [
    ...(l.leaf.plus ? [`${l.key}+: this version of the license or, at the licensee's choice, any later one.`] : []),
    ...(l.leaf.exception ? [`${leafText(l.leaf)}: the exception grants extra permissions not shown here.`] : []),
  ]);
  return {
    ids: leaves.map((l) => l.key),
    name: leaves.map((l) => (l.terms ? l.terms.name : l.key)).join(" AND "),
    kinds: unique(known.map((t) => t.kind)),
    permissions,
    conditions: unique(known.flatMap((t) => t.conditions)),
    limitations: unique(known.flatMap((t) => t.limitations)),
    useRestrictions: unique(known.flatMap((t) => t.useRestrictions ?? [])),
    attributionNotices: unique(known.flatMap((t) => (t.attributionNotice ? [t.attributionNotice] : []))),
    noticeTexts: unique(known.flatMap((t) => (t.noticeText ? [t.noticeText] : []))),
    namingRules: unique(known.flatMap((t) => (t.namingRule ? [t.namingRule] : []))),
    userThresholds: known.flatMap((t) => (t.userThreshold ? [{ license: t.id, ...t.userThreshold }] : [])),
    fees: known.flatMap((t) => (t.fees ? [{ license: t.id, ...t.fees }] : [])),
    derivativesStayUnder: unique(known.flatMap((t) => (t.derivativesStayUnder ? [t.derivativesStayUnder] : []))),
    commercial: unknown.length === 0 && known.every((t) => t.commercial),
    shareAlike: known.some((t) => t.shareAlike),
    noDerivatives: known.some((t) => t.noDerivatives),
    notes: unique([...notes, ...known.flatMap((t) => t.notes ?? [])]),
    sources: unique(known.flatMap((t) => t.sources)),
    unknown,
    review: leaves.some((l) => l.review !== undefined),
    reviewReasons: leaves.flatMap((l) => (l.review ? [l.review] : [])),
  };
}

/** Orders options from most to least permissive: known terms, commercial use, adaptations, no copyleft, fewer duties. */
function permissiveness(t: EffectiveTerms): number[] {
  return [
    t.unknown.length === 0 ? 1 : 0,
    t.commercial ? 1 : 0,
    t.noDerivatives ? 0 : 1,
    t.shareAlike ? 0 : 1,
    t.derivativesStayUnder.length === 0 ? 1 : 0,
    -t.useRestrictions.length,
    -t.conditions.length,
    t.permissions.length,
  ];
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (b[i] ?? 0) - (a[i] ?? 0);
  return 0;
}

/**
 * The terms that apply under a license. For `A OR B` the licensee may pick either option (SPDX 2.3 Annex D.4), so
 * the result describes the most permissive option and lists every option in `alternatives`; ties keep the
 * expression's order. `WITH` keeps the base license's terms and notes the exception, which only adds permissions.
 */
export function termsOf(info: LicenseInfo): EffectiveTerms {
  const options = resolveAlternatives(info).map(combineAll);
  if (options.length === 1) return options[0]!;
  const best = [...options].sort((a, b) => compare(permissiveness(a), permissiveness(b)))[0]!;
  return {
    ...best,
    notes: [`The licensee may choose among ${options.length} options; shown is the most permissive: ${best.name}.`, ...best.notes],
    alternatives: options,
  };
}
