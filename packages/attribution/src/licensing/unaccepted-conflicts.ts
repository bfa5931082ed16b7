import type { CompatibilityReport } from "@shoulders/license";
import type { checkLicenses } from "./check-licenses.js";

export type UnacceptedConflict = CompatibilityReport["conflicts"][number] & { artifact: string };

/**
 * The conflicts that fail a license check: those nobody accepted on the record. An accepted one is still shown
 * (with its reason), but it is the team's signed decision, not a finding.
 */
export function unacceptedConflicts(results: ReturnType<typeof checkLicenses>): UnacceptedConflict[] {
  return results.flatMap(({ artifact, report }) =>
    report.conflicts.filter((conflict) => conflict.accepted === undefined).map((conflict) => ({ ...conflict, artifact })),
  );
}
