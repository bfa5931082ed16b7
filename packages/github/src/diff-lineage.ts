import { type ConflictState, compare, type LineageSnapshot } from "./lineage-snapshot.js";

export type DatasetVersionChange = {
  id: string;
  from?: string;
  to: string;
  records: number;
  files: number;
  license?: string;
  contributors: { party: string; before: number; after: number }[];
};
export type ArtifactChange = { kind: "model" | "run"; id: string; change: "new" | "changed"; detail: string };
export type InputChange = { model: string; added: string[]; removed: string[] };
export type LicenseChange = { artifact: string; before?: string; after?: string };
export type ShareChange = { artifact: string; party: string; before?: string; after?: string };

export type LineageDiff = {
  datasetVersions: DatasetVersionChange[];
  artifacts: ArtifactChange[];
  inputs: InputChange[];
  licenses: LicenseChange[];
  newConflicts: ConflictState[];
  resolvedConflicts: ConflictState[];
  newContributors: string[];
  shares: ShareChange[];
  changed: boolean;
};

/** What a merge changes, section by section; `changed` is false when a reviewer has nothing to look at. */
export function diffLineage(before: LineageSnapshot, after: LineageSnapshot): LineageDiff {
  const beforeDatasets = new Map(before.datasets.map((dataset) => [dataset.id, dataset]));
  const datasetVersions: DatasetVersionChange[] = [];
  const licenses: LicenseChange[] = [];
  for (const dataset of after.datasets) {
    const old = beforeDatasets.get(dataset.id);
    if (old !== undefined && old.version === dataset.version && old.index === dataset.index) continue;
    const parties = new Set([...(old?.contributors ?? []), ...dataset.contributors].map((c) => c.party));
    datasetVersions.push({
      id: dataset.id,
      ...(old === undefined ? {} : { from: old.version }),
      to: dataset.version,
      records: dataset.records,
      files: dataset.files,
      ...(dataset.license === undefined ? {} : { license: dataset.license }),
      contributors: [...parties].sort(compare).map((party) => ({
        party,
        before: old?.contributors.find((c) => c.party === party)?.records ?? 0,
        after: dataset.contributors.find((c) => c.party === party)?.records ?? 0,
      })),
    });
    if (old?.license !== dataset.license) {
      licenses.push({
        artifact: dataset.id,
        ...(old?.license === undefined ? {} : { before: old.license }),
        ...(dataset.license === undefined ? {} : { after: dataset.license }),
      });
    }
  }

  const beforeModels = new Map(before.models.map((model) => [model.id, model]));
  const artifacts: ArtifactChange[] = [];
  const inputs: InputChange[] = [];
  for (const model of after.models) {
    const old = beforeModels.get(model.id);
    if (old !== undefined && old.index === model.index) continue;
    artifacts.push({
      kind: "model",
      id: model.id,
      change: old === undefined ? "new" : "changed",
      detail: `${old === undefined ? "release" : "new release"}${model.version ? ` ${model.version}` : ""}, entry ${model.index}${model.run ? `, from run ${model.run}` : ""}`,
    });
    const oldInputs = new Set([...(old?.datasets ?? []), ...(old?.baseModels ?? [])]);
    const newInputs = new Set([...model.datasets, ...model.baseModels]);
    const added = [...newInputs].filter((input) => !oldInputs.has(input));
    const removed = [...oldInputs].filter((input) => !newInputs.has(input));
    if (added.length > 0 || removed.length > 0) inputs.push({ model: model.id, added, removed });
    if (old?.license !== model.license)
      licenses.push({ artifact: model.id, ...(old === undefined ? {} : { before: old.license }), after: model.license });
  }
  const oldRuns = new Set(before.runs);
  for (const run of after.runs) if (!oldRuns.has(run)) artifacts.push({ kind: "run", id: run, change: "new", detail: "fine-tune run" });

  const conflictKey = (c: ConflictState) => `${c.artifact}\n${c.code}\n${c.ancestor}`;
  const beforeConflicts = new Set(before.conflicts.map(conflictKey));
  const afterConflicts = new Set(after.conflicts.map(conflictKey));
  const newConflicts = after.conflicts.filter((c) => !beforeConflicts.has(conflictKey(c)));
  const resolvedConflicts = before.conflicts.filter((c) => !afterConflicts.has(conflictKey(c)));

  const known = new Set(before.contributors);
  const newContributors = after.contributors.filter((party) => !known.has(party));

  // Shares compare by artifact id (a dataset's new version replaces its old one in the payout).
  const shareTables = (snapshot: LineageSnapshot) =>
    new Map(snapshot.shares.map((table) => [table.kind === "dataset" ? table.artifact.replace(/@[^@]*$/, "") : table.artifact, table]));
  const oldShares = shareTables(before);
  const shares: ShareChange[] = [];
  for (const [artifact, table] of shareTables(after)) {
    const old = oldShares.get(artifact)?.shares ?? {};
    for (const party of [...new Set([...Object.keys(old), ...Object.keys(table.shares)])].sort(compare)) {
      const was = old[party];
      const now = table.shares[party];
      if (was === now) continue;
      shares.push({ artifact, party, ...(was === undefined ? {} : { before: was }), ...(now === undefined ? {} : { after: now }) });
    }
  }

  const changed =
    datasetVersions.length +
      artifacts.length +
      inputs.length +
      licenses.length +
      newConflicts.length +
      resolvedConflicts.length +
      newContributors.length +
      shares.length >
    0;
  return { datasetVersions, artifacts, inputs, licenses, newConflicts, resolvedConflicts, newContributors, shares, changed };
}
