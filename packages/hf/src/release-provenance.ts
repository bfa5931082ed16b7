import type { AttributionIndex, Release } from "@shoulders/attribution";

/** Who built a release and from what, as its signed statements say: the few lines a downloader reads first. */
export type ReleaseProvenance = {
  artifact: string;
  entry: number;
  license: string;
  manifest: string;
  files: number;
  bytes: number;
  run?: { id: string; entry: number; trainer?: string; builder: string; finishedOn: string };
  baseModels: string[];
  datasets: { id: string; version: string; records: number; epochs: number }[];
};

export function releaseProvenance(index: AttributionIndex, release: Release): ReleaseProvenance {
  const { id, license, manifest, files, bytes } = release.predicate;
  const run = release.predicate.run === undefined ? undefined : index.runs.get(release.predicate.run.id);
  const parameters = run?.predicate.buildDefinition.externalParameters;
  const trainer = run?.predicate.buildDefinition.internalParameters?.trainer;
  return {
    artifact: id,
    entry: release.index,
    license,
    manifest,
    files,
    bytes,
    ...(run === undefined
      ? {}
      : {
          run: {
            id: run.id,
            entry: run.index,
            ...(trainer === undefined ? {} : { trainer }),
            builder: run.predicate.runDetails.builder.id,
            finishedOn: run.predicate.runDetails.metadata.finishedOn,
          },
        }),
    baseModels: [...new Set([...(parameters?.baseModels ?? []), ...release.predicate.baseModels])],
    datasets: (parameters?.datasets ?? []).map((use) => ({ id: use.id, version: use.version, records: use.records, epochs: use.epochs })),
  };
}
