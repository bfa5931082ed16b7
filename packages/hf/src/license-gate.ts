import { type AttributionIndex, checkReleaseLicenses, type ReleaseLicenseInput } from "@shoulders/attribution";
import { ShouldersError } from "@shoulders/ledger";
import type { CompatibilityReport } from "@shoulders/license";

/**
 * Checks the licenses along a release's lineage before anything is hashed, signed or sent, and refuses a conflict
 * that the team has not accepted on the record. The message names the first open conflict, its path and the command
 * that accepts it, so the fix is one copy-paste away.
 */
export function assertReleaseLicenses(index: AttributionIndex, release: ReleaseLicenseInput): CompatibilityReport {
  const report = checkReleaseLicenses(index, release);
  const open = report.conflicts.filter((conflict) => conflict.accepted === undefined);
  const first = open[0];
  if (first !== undefined) {
    const more = open.length > 1 ? ` (and ${open.length - 1} more: shoulders license check ${release.id})` : "";
    throw new ShouldersError(
      "LICENSE_CONFLICT",
      `${first.code} via ${first.path.join(" → ")}: ${first.rule}${more}; nothing was uploaded. Change the license, or accept it on the record: shoulders license accept ${release.id} --conflict ${first.code} --reason TEXT`,
    );
  }
  return report;
}
