import type { AttributionIndex, DatasetVersion } from "../attribution-index.js";

/** A dataset version whose contributors are credited with more records than it holds. */
export type OverCredit = { code: "OVER_CREDITED"; index: number; credited: number; records: number; message: string };

/**
 * Whether a version credits more records than it holds: a declared count nobody checked, or a version recorded when
 * credit was lines added (100,001 credited records in a 1,004-record dataset). `verify` reports it and `split` names it
 * on the version's node; both still pay the credit pro rata, as the signed statement says.
 */
export function overCredit(version: DatasetVersion): OverCredit | undefined {
  const credited = version.predicate.contributors.reduce((sum, contributor) => sum + contributor.records, 0);
  const { records, id } = version.predicate;
  if (credited <= records) return undefined;
  return {
    code: "OVER_CREDITED",
    index: version.index,
    credited,
    records,
    message: `${id}@${version.predicate.version} (entry ${version.index}) credits ${credited} records but holds ${records}`,
  };
}

/** Every over-credited dataset version of the ledger, in log order. */
export function overCreditedVersions(index: AttributionIndex): OverCredit[] {
  return [...index.datasets.values()]
    .flat()
    .flatMap((version) => overCredit(version) ?? [])
    .sort((a, b) => a.index - b.index);
}
