import { join } from "node:path";
import { ShouldersError, STATEMENT_TYPE, type Statement } from "@shoulders/ledger";
import type { AttributionIndex, DatasetVersion } from "../attribution-index.js";
import { hashDirectory } from "../hash/index.js";
import { normaliseLicense } from "../licensing/normalise-license.js";
import { DATASET_PREDICATE_TYPE, type DatasetPredicate } from "../predicates/index.js";
import { type ContributorSpec, matchFiles } from "./contributor-spec.js";
import { countRecords } from "./count-records.js";
import { manifestSubjects } from "./manifest-subjects.js";

export type DatasetInput = {
  dir: string;
  id: string;
  version?: string;
  license?: string;
  contributors: readonly ContributorSpec[];
  source?: DatasetPredicate["source"];
  index: AttributionIndex;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  cachePath?: string;
  /** See ListFilesOptions.followSymlinks. */
  followSymlinks?: boolean;
};

export type DatasetOutcome =
  | { kind: "new"; statement: Statement; predicate: DatasetPredicate; skipped: { path: string; reason: string }[]; filesListed: boolean }
  | { kind: "unchanged"; existing: DatasetVersion; skipped: { path: string; reason: string }[] };

/**
 * The statement for a new dataset version, or "unchanged" when the folder's manifest is the latest version's, so
 * recording the same folder twice records nothing new.
 */
export async function datasetStatement(input: DatasetInput): Promise<DatasetOutcome> {
  const hashed = await hashDirectory(input.dir, {
    exclude: (path) => path === ".attribution" || path.startsWith(".attribution/"),
    ...(input.onProgress === undefined ? {} : { onProgress: input.onProgress }),
    ...(input.cachePath === undefined ? {} : { cachePath: input.cachePath }),
    ...(input.followSymlinks === undefined ? {} : { followSymlinks: input.followSymlinks }),
  });
  const previous = input.index.datasets.get(input.id)?.at(-1);
  if (
    previous !== undefined &&
    previous.manifest === hashed.digest &&
    (input.version === undefined || input.version === previous.predicate.version)
  ) {
    return { kind: "unchanged", existing: previous, skipped: hashed.skipped };
  }
  const version = input.version ?? nextVersion(previous);
  if (input.index.datasets.get(input.id)?.some((existing) => existing.predicate.version === version)) {
    throw new ShouldersError("BAD_ARGUMENT", `dataset "${input.id}" already has a version "${version}"; pass another --version`);
  }
  const recordsByPath = new Map(hashed.files.map((file) => [file.path, countRecords(join(input.dir, file.path), file.path)]));
  const paths = hashed.files.map((file) => file.path);
  const contributors = input.contributors.map((spec) => {
    if ("records" in spec) return { identity: spec.identity, records: spec.records };
    const matched = matchFiles(spec.glob, paths);
    if (matched.length === 0)
      throw new ShouldersError("BAD_ARGUMENT", `--contributor ${spec.identity}=${spec.glob} matches no file in ${input.dir}`);
    return { identity: spec.identity, records: matched.reduce((total, path) => total + (recordsByPath.get(path) ?? 0), 0) };
  });
  const predicate: DatasetPredicate = {
    id: input.id,
    version,
    ...(input.license === undefined ? {} : { license: normaliseLicense(input.license) }),
    ...(previous === undefined
      ? {}
      : { previous: { version: previous.predicate.version, index: previous.index, manifest: previous.manifest } }),
    files: hashed.files.length,
    bytes: hashed.totalBytes,
    records: [...recordsByPath.values()].reduce((a, b) => a + b, 0),
    contributors: mergeContributors(contributors),
    ...(input.source === undefined ? {} : { source: input.source }),
  };
  const { subjects, filesListed } = manifestSubjects(hashed.digest, hashed.files);
  const statement: Statement = { _type: STATEMENT_TYPE, subject: subjects, predicateType: DATASET_PREDICATE_TYPE, predicate };
  return { kind: "new", statement, predicate, skipped: hashed.skipped, filesListed };
}

/** 1, 2, 3…: the next number after the latest numeric version. */
function nextVersion(previous: DatasetVersion | undefined): string {
  if (previous === undefined) return "1";
  const current = previous.predicate.version;
  if (!/^\d+$/.test(current)) {
    throw new ShouldersError(
      "BAD_ARGUMENT",
      `the latest version of "${previous.predicate.id}" is "${current}"; pass --version for the new one`,
    );
  }
  return String(Number(current) + 1);
}

/** One line per identity, records added up, sorted: the same inputs always give the same statement. */
function mergeContributors(contributors: readonly { identity: string; records: number }[]): { identity: string; records: number }[] {
  const totals = new Map<string, number>();
  for (const { identity, records } of contributors) totals.set(identity, (totals.get(identity) ?? 0) + records);
  return [...totals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([identity, records]) => ({ identity, records }));
}
