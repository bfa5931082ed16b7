import { ShouldersError, STATEMENT_TYPE, type Statement } from "@shoulders/ledger";
import type { AttributionIndex, DatasetVersion } from "../attribution-index.js";
import { compareBytewise, type FileEntry, manifestDigest } from "../hash/index.js";
import { normaliseLicense } from "../licensing/normalise-license.js";
import { DATASET_PREDICATE_TYPE, type DatasetPredicate } from "../predicates/index.js";
import { type ContributorSpec, matchFiles } from "./contributor-spec.js";
import { manifestSubjects } from "./manifest-subjects.js";

export type DatasetVersionInput = {
  id: string;
  /** Every file of the version, wherever it was read: a folder, a git tree, a Hub revision. */
  files: readonly FileEntry[];
  /** A file's records (see recordCounter); asked once per file, and only for a new version. */
  recordsOf: (path: string) => number;
  version?: string;
  /** The version of a new manifest when none is given. Default: the next number after the latest version's. */
  defaultVersion?: string;
  license?: string;
  contributors: readonly ContributorSpec[];
  source?: DatasetPredicate["source"];
  /** Where the files are, as messages name it: a folder, or a Hub dataset. */
  location: string;
  index: AttributionIndex;
};

export type DatasetVersionOutcome =
  | { kind: "new"; statement: Statement; predicate: DatasetPredicate; filesListed: boolean }
  | { kind: "unchanged"; existing: DatasetVersion };

/**
 * The one builder of a dataset-version statement, for every entry point (`record dataset`, the record action's git
 * datasets, `hf dataset`): the manifest and its subjects, the license in its standard spelling, the version and the
 * link to the previous one, and each contributor's records. "Unchanged" when the manifest is the latest version's, so
 * recording the same files twice records nothing new.
 */
export function datasetVersionStatement(input: DatasetVersionInput): DatasetVersionOutcome {
  const digest = manifestDigest(input.files);
  const versions = input.index.datasets.get(input.id);
  const previous = versions?.at(-1);
  if (
    previous !== undefined &&
    previous.manifest === digest &&
    (input.version === undefined || input.version === previous.predicate.version)
  ) {
    return { kind: "unchanged", existing: previous };
  }
  const version = input.version ?? input.defaultVersion ?? nextVersion(previous);
  if (versions?.some((existing) => existing.predicate.version === version)) {
    throw new ShouldersError("BAD_ARGUMENT", `dataset "${input.id}" already has a version "${version}"; pass another \`version\``);
  }
  // Sorted as the manifest is, so the subjects never depend on the order a folder or a Hub listing gave.
  const files = [...input.files].sort((a, b) => compareBytewise(a.path, b.path));
  const recordsByPath = new Map(files.map((file) => [file.path, input.recordsOf(file.path)]));
  const paths = files.map((file) => file.path);
  const contributors = input.contributors.map((spec) => {
    if ("records" in spec) return { identity: spec.identity, records: spec.records };
    const matched = matchFiles(spec.glob, paths);
    if (matched.length === 0)
      throw new ShouldersError("BAD_ARGUMENT", `\`contributors\` ${spec.identity}=${spec.glob} matches no file in ${input.location}`);
    return { identity: spec.identity, records: matched.reduce((total, path) => total + (recordsByPath.get(path) ?? 0), 0) };
  });
  const predicate: DatasetPredicate = {
    id: input.id,
    version,
    ...(input.license === undefined ? {} : { license: normaliseLicense(input.license) }),
    ...(previous === undefined
      ? {}
      : { previous: { version: previous.predicate.version, index: previous.index, manifest: previous.manifest } }),
    files: files.length,
    bytes: files.reduce((total, file) => total + file.size, 0),
    records: [...recordsByPath.values()].reduce((a, b) => a + b, 0),
    contributors: mergeContributors(contributors),
    ...(input.source === undefined ? {} : { source: input.source }),
  };
  const { subjects, filesListed } = manifestSubjects(digest, files);
  const statement: Statement = { _type: STATEMENT_TYPE, subject: subjects, predicateType: DATASET_PREDICATE_TYPE, predicate };
  return { kind: "new", statement, predicate, filesListed };
}

/** 1, 2, 3…: the next number after the latest numeric version. */
function nextVersion(previous: DatasetVersion | undefined): string {
  if (previous === undefined) return "1";
  const current = previous.predicate.version;
  if (!/^\d+$/.test(current)) {
    throw new ShouldersError(
      "BAD_ARGUMENT",
      `the latest version of "${previous.predicate.id}" is "${current}"; pass \`version\` for the new one`,
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
