import { describeFees, groupDigits } from "../glance.js";
import type { ResolvedLeaf } from "../resolve-terms.js";

export const OBLIGATION_CODES = [
  "ATTRIBUTION_NOTICE",
  "NOTICE_FILE",
  "USE_RESTRICTIONS",
  "NAMING_RULE",
  "USER_THRESHOLD",
  "FEES",
  "DISCLOSE_SOURCE",
] as const;
export type ObligationCode = (typeof OBLIGATION_CODES)[number];

/** A duty an input puts on the release. Obligations are never conflicts: they are met by doing what they say. */
export interface Obligation {
  code: ObligationCode;
  text: string;
  path: string[];
  ancestor: string;
  license: string;
  /** False when the input's license does not reach the release (training read as not adapting): good practice only. */
  binding: boolean;
  /** For checkable obligations (the naming rule): whether the release meets it. */
  met?: boolean;
}

/** "Llama-3.1-8B-acme" and "llama_3_ft" both begin with "Llama 3": compare letters and digits only, without case. */
export function namePrefixMet(artifactId: string, prefix: string): boolean {
  const flat = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  const name = artifactId.slice(artifactId.lastIndexOf("/") + 1);
  return flat(name).startsWith(flat(prefix));
}

export function obligationsOf(
  leaf: ResolvedLeaf,
  at: { path: string[]; ancestor: string; artifactId: string; binding: boolean },
): Obligation[] {
  const terms = leaf.terms;
  if (!terms) return [];
  const base = { path: at.path, ancestor: at.ancestor, license: terms.id };
  const out: Obligation[] = [];
  const credit = terms.conditions.includes("include-copyright") || terms.conditions.includes("include-copyright--source");
  if (terms.attributionNotice || credit) {
    const text = terms.attributionNotice
      ? `${terms.attributionNotice} (${at.ancestor}, ${terms.name})`
      : `Keep the copyright and license notices of ${at.ancestor} (${terms.name})`;
    out.push({ code: "ATTRIBUTION_NOTICE", text, ...base, binding: at.binding });
  }
  // Only credit survives when the license does not reach the release; the other duties bind licensed copies.
  if (!at.binding) return out;
  if (terms.noticeText)
    out.push({ code: "NOTICE_FILE", text: `Ship a NOTICE file containing: "${terms.noticeText}"`, ...base, binding: true });
  if (terms.conditions.includes("pass-on-use-restrictions") && terms.useRestrictions?.length) {
    const text = `Include the ${terms.useRestrictions.length} use restrictions of ${terms.name} as an enforceable provision of the release's license, and give recipients a copy of it`;
    out.push({ code: "USE_RESTRICTIONS", text, ...base, binding: true });
  }
  if (terms.namingRule) {
    const met = terms.namePrefix ? namePrefixMet(at.artifactId, terms.namePrefix) : undefined;
    out.push({ code: "NAMING_RULE", text: terms.namingRule, ...base, binding: true, ...(met === undefined ? {} : { met }) });
  }
  if (terms.userThreshold) {
    const text = `Above ${groupDigits(terms.userThreshold.monthlyActiveUsers)} monthly active users: ${terms.userThreshold.requires}`;
    out.push({ code: "USER_THRESHOLD", text, ...base, binding: true });
  }
  if (terms.fees)
    out.push({ code: "FEES", text: `The licensor of ${at.ancestor} asks ${describeFees(terms.fees)}`, ...base, binding: true });
  if (terms.conditions.includes("disclose-source") || terms.conditions.includes("network-use-disclose")) {
    const network = terms.conditions.includes("network-use-disclose") ? ", also to users who reach it over a network" : "";
    out.push({
      code: "DISCLOSE_SOURCE",
      text: `Offer the corresponding source of the release${network} (${terms.name})`,
      ...base,
      binding: true,
    });
  }
  return out;
}
