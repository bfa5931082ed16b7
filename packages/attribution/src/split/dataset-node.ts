import type { AttributionIndex } from "../attribution-index.js";
import type { DatasetArtifact } from "../lineage/ancestors.js";
import { overCredit } from "../verify/over-credited.js";
import type { Branch, SplitNode } from "./split-graph.js";

/** What a dataset node needs of the split's context: the index, the ledger's owner, and the party an identity pays. */
export type DatasetNodeContext = { index: AttributionIndex; owner: string; party: (identity: string) => string };

/**
 * A dataset version pays its contributors by their credited records (docs/revenue-split.md, "Credit by content"),
 * linked identities as one party. Records credited to nobody go to the version's recorder: the entry's AUTHOR, never a
 * countersigner, so a statement the log key only admitted pays its author, and one whose author the log does not
 * authorise pays the ledger's owner. A version that credits more records than it holds pays its credit pro rata, and
 * each of its payout paths says OVER_CREDITED.
 */
export function datasetNode(context: DatasetNodeContext, dataset: DatasetArtifact): SplitNode {
  const { owner, party } = context;
  const label = `${dataset.id}@${dataset.version}`;
  const version = dataset.entry;
  if (version === undefined) {
    // The run names a version this ledger does not hold (or no longer trusts): nobody can claim its records.
    const branch = { key: owner, label: `not in this ledger: the ledger's owner, ${owner}`, weight: 1n };
    return { id: dataset.key, label, branches: [{ ...branch, target: { party: owner } }] };
  }
  const total = version.predicate.records;
  const byParty = new Map<string, number>();
  for (const contributor of version.predicate.contributors) {
    const who = party(contributor.identity);
    byParty.set(who, (byParty.get(who) ?? 0) + contributor.records);
  }
  const credited = [...byParty.values()].reduce((sum, records) => sum + records, 0);
  const over = overCredit(version);
  const branches: Branch[] = [...byParty].map(([who, records]) => ({
    key: who,
    label: `${who}: ${records} of ${Math.max(total, credited)} records${over === undefined ? "" : ` (${over.code}: ${over.message})`}`,
    weight: BigInt(records),
    target: { party: who },
  }));
  if (total > credited || branches.length === 0) {
    const recorder = party(context.index.authorIdentity(version) ?? "log");
    branches.push({
      key: "~uncredited",
      label: `${Math.max(total - credited, 0)} records credited to nobody: the recorder, ${recorder}`,
      weight: BigInt(Math.max(total - credited, branches.length === 0 ? 1 : 0)),
      target: { party: recorder },
    });
  }
  return { id: dataset.key, label, branches };
}
