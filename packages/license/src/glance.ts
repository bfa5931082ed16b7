import type { Fees } from "./terms/schema.js";
import { termsForKey } from "./terms/table.js";
import type { EffectiveTerms } from "./terms-of.js";

export interface LicenseGlance {
  rows: { label: string; value: string }[];
}

/** 700000000 → "700,000,000", without the locale-dependent Intl, so every machine prints the same card. */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** 550 basis points → "5.50%", in integer arithmetic. */
function percent(basisPoints: number): string {
  return `${Math.floor(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, "0")}%`;
}

export function describeFees(fees: Fees): string {
  const parts: string[] = [];
  if (fees.perUse) parts.push(`${fees.perUse.amount} ${fees.perUse.currency} per use`);
  if (fees.revenueShare) parts.push(`${percent(fees.revenueShare.basisPoints)} of revenue`);
  return parts.join(" and ");
}

function yesNo(value: boolean, unknown: boolean): string {
  return unknown ? "unknown (read the license)" : value ? "yes" : "no";
}

function list(items: string[]): string {
  return items.length === 0 ? "none" : `${items.length} (${items.join("; ")})`;
}

/**
 * A short table for `shoulders license explain` and the model card's "License at a glance". Plain text and a fixed
 * order of rows, so that the same license always prints the same lines.
 */
export function licenseAtAGlance(terms: EffectiveTerms): LicenseGlance {
  const unknown = terms.unknown.length > 0;
  const rows: { label: string; value: string }[] = [{ label: "License", value: terms.name }];
  const threshold = terms.userThresholds.length > 0 ? ", below the user threshold" : "";
  rows.push({ label: "Commercial use", value: unknown ? yesNo(false, true) : terms.commercial ? `yes${threshold}` : "no" });
  rows.push({
    label: "Modify",
    value: unknown
      ? yesNo(false, true)
      : terms.noDerivatives
        ? "for yourself only; adaptations may not be shared"
        : terms.permissions.includes("modifications")
          ? "yes"
          : "no",
  });
  const shareAlike =
    terms.derivativesStayUnder.length > 0
      ? `derivatives stay under the ${terms.derivativesStayUnder.map((key) => termsForKey(key)?.name ?? key).join(" and the ")}`
      : terms.shareAlike
        ? "yes: adaptations must use the same license"
        : "no";
  rows.push({ label: "Share alike", value: unknown && !terms.shareAlike ? yesNo(false, true) : shareAlike });
  const notices = [...terms.attributionNotices, ...terms.noticeTexts.map((text) => `NOTICE file: "${text}"`)];
  const credits = terms.conditions.includes("include-copyright") || terms.conditions.includes("include-copyright--source");
  rows.push({
    label: "Attribution",
    value:
      notices.length > 0
        ? `required (${notices.join("; ")})`
        : credits
          ? "required (keep the copyright and license notices)"
          : unknown
            ? yesNo(false, true)
            : "not required",
  });
  rows.push({ label: "Use restrictions", value: list(terms.useRestrictions) });
  rows.push({
    label: "Fees",
    value: terms.fees.length > 0 ? terms.fees.map((f) => `${f.license}: ${describeFees(f)}`).join("; ") : "none declared",
  });
  rows.push({
    label: "User threshold",
    value:
      terms.userThresholds.length > 0
        ? terms.userThresholds.map((t) => `above ${groupDigits(t.monthlyActiveUsers)} monthly active users: ${t.requires}`).join("; ")
        : "none",
  });
  if (terms.namingRules.length > 0) rows.push({ label: "Naming", value: terms.namingRules.join(" ") });
  if (terms.conditions.includes("disclose-source") || terms.conditions.includes("network-use-disclose")) {
    rows.push({
      label: "Source",
      value: terms.conditions.includes("network-use-disclose") ? "must be offered, also to network users" : "must be offered with copies",
    });
  }
  if (terms.alternatives) rows.push({ label: "Options", value: terms.alternatives.map((a) => a.name).join(" | ") });
  if (terms.review) rows.push({ label: "Review", value: terms.reviewReasons.join("; ") || "needed" });
  return { rows };
}
