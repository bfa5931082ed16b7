import { type AttributionIndex, checkLicenses, ownerParty, parseAmount, partyNames, splitRevenue } from "@shoulders/attribution";

export type PartyRecords = { party: string; records: number };
export type DatasetState = {
  id: string;
  version: string;
  index: number;
  license?: string;
  records: number;
  files: number;
  contributors: PartyRecords[];
};
export type ModelState = {
  id: string;
  version?: string;
  index: number;
  license: string;
  run?: string;
  /** Dataset versions its run trained on, as ID@VERSION. */
  datasets: string[];
  baseModels: string[];
};
export type ConflictState = { artifact: string; code: string; ancestor: string; text: string };
/** Each party's share of one artifact's income, as "12.5%". */
export type ShareTable = { artifact: string; kind: "model" | "dataset"; shares: Record<string, string> };

/** What a ledger says about lineage, reduced to what a reviewer compares before and after a merge. */
export type LineageSnapshot = {
  hasLedger: boolean;
  origin?: string;
  treeSize: number;
  /** The latest version of each dataset. */
  datasets: DatasetState[];
  /** The latest release of each model. */
  models: ModelState[];
  runs: string[];
  /** Every party credited anywhere: data, code, training. */
  contributors: string[];
  /** License conflicts nobody accepted. */
  conflicts: ConflictState[];
  shares: ShareTable[];
  /** What could not be computed (a split, a license check), so the reader knows it is missing. */
  problems: string[];
};

/** The nominal income shares are computed for: 100.00 gives percentages to the cent. */
const NOMINAL = "100.00";

export function emptySnapshot(): LineageSnapshot {
  return { hasLedger: false, treeSize: 0, datasets: [], models: [], runs: [], contributors: [], conflicts: [], shares: [], problems: [] };
}

/**
 * Reduces an index to a snapshot: latest dataset versions with their contributors' records, latest releases with
 * their inputs, unaccepted license conflicts, and every party's share of each artifact's income (a model's through
 * its split policy, a dataset's by records).
 */
export function lineageSnapshot(index: AttributionIndex, options: { origin: string; treeSize: number }): LineageSnapshot {
  const owner = ownerParty(options.origin);
  const party = partyNames(index, owner);
  const snapshot: LineageSnapshot = { ...emptySnapshot(), hasLedger: true, origin: options.origin, treeSize: options.treeSize };
  const contributors = new Set<string>();

  for (const [id, versions] of [...index.datasets].sort(([a], [b]) => compare(a, b))) {
    for (const version of versions) for (const contributor of version.predicate.contributors) contributors.add(party(contributor.identity));
    const latest = versions.at(-1);
    if (latest === undefined) continue;
    const byParty = new Map<string, number>();
    for (const contributor of latest.predicate.contributors)
      byParty.set(party(contributor.identity), (byParty.get(party(contributor.identity)) ?? 0) + contributor.records);
    snapshot.datasets.push({
      id,
      version: latest.predicate.version,
      index: latest.index,
      ...(latest.predicate.license === undefined ? {} : { license: latest.predicate.license }),
      records: latest.predicate.records,
      files: latest.predicate.files,
      contributors: [...byParty].sort(([a], [b]) => compare(a, b)).map(([who, records]) => ({ party: who, records })),
    });
    // As the split graph does: records nobody is credited with go to whoever recorded the version.
    const credited = [...byParty.values()].reduce((a, b) => a + b, 0);
    const total = Math.max(latest.predicate.records, credited);
    const weights = new Map(byParty);
    if (latest.predicate.records > credited || byParty.size === 0) {
      const recorder = party(index.authorIdentity(latest) ?? "log");
      weights.set(recorder, (weights.get(recorder) ?? 0) + Math.max(latest.predicate.records - credited, byParty.size === 0 ? 1 : 0));
    }
    const sum = Math.max(
      total,
      [...weights.values()].reduce((a, b) => a + b, 0),
    );
    snapshot.shares.push({
      artifact: `${id}@${latest.predicate.version}`,
      kind: "dataset",
      shares: Object.fromEntries([...weights].map(([who, weight]) => [who, percent(weight / sum)])),
    });
  }

  for (const [id, releases] of [...index.releases].sort(([a], [b]) => compare(a, b))) {
    const release = releases.at(-1);
    if (release === undefined) continue;
    const run = release.predicate.run === undefined ? undefined : index.runs.get(release.predicate.run.id);
    const parameters = run?.predicate.buildDefinition.externalParameters;
    snapshot.models.push({
      id,
      ...(release.predicate.version === undefined ? {} : { version: release.predicate.version }),
      index: release.index,
      license: release.predicate.license,
      ...(release.predicate.run === undefined ? {} : { run: release.predicate.run.id }),
      datasets: (parameters?.datasets ?? []).map((use) => `${use.id}@${use.version}`).sort(compare),
      baseModels: [...new Set([...(parameters?.baseModels ?? []), ...release.predicate.baseModels])].sort(compare),
    });
    try {
      const split = splitRevenue(index, { artifact: id, owner, amount: parseAmount(NOMINAL, "USD") });
      snapshot.shares.push({
        artifact: id,
        kind: "model",
        shares: Object.fromEntries(split.payouts.map((payout) => [payout.party, payout.share])),
      });
    } catch (error) {
      snapshot.problems.push(`the split of ${id} could not be computed: ${(error as Error).message}`);
    }
  }

  for (const run of [...index.runs.values()].sort((a, b) => compare(a.id, b.id))) {
    snapshot.runs.push(run.id);
    const trainer = run.predicate.buildDefinition.internalParameters?.trainer;
    if (trainer !== undefined) contributors.add(party(trainer));
  }
  for (const { commit } of index.commits.values()) {
    if (commit.ledgerOnly) continue;
    for (const person of [commit.author, ...commit.coAuthors]) contributors.add(party(preferred(person.identities)));
  }
  snapshot.contributors = [...contributors].sort(compare);

  try {
    for (const { artifact, report } of checkLicenses(index)) {
      for (const conflict of report.conflicts) {
        if (conflict.accepted !== undefined) continue;
        snapshot.conflicts.push({
          artifact,
          code: conflict.code,
          ancestor: conflict.ancestor,
          text: `${conflict.ancestor} (${conflict.inputLicense}) → ${artifact} (${conflict.outputLicense}): ${conflict.rule}`,
        });
      }
    }
  } catch (error) {
    snapshot.problems.push(`the license check could not run: ${(error as Error).message}`);
  }
  return snapshot;
}

/** A GitHub login reads better than a numeric id, as lineage shows it. */
function preferred(identities: readonly string[]): string {
  return identities.find((identity) => identity.startsWith("github:")) ?? (identities[0] as string);
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(4).replace(/\.?0+$/, "")}%`;
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
