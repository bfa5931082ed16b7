import { ShouldersError, STATEMENT_TYPE, type Statement } from "@shoulders/ledger";
import type { AttributionIndex, DatasetVersion } from "../attribution-index.js";
import { compareBytewise, type FileEntry, manifestDigest } from "../hash/index.js";
import { normaliseLicense } from "../licensing/normalise-license.js";
import { DATASET_PREDICATE_TYPE, type DatasetPredicate } from "../predicates/index.js";
import { type ContributorSpec, matchFiles } from "./contributor-spec.js";
import { manifestSubjects } from "./manifest-subjects.js";
import { forEachDistinctRecord, type VersionRecords, versionRecords } from "./version-records.js";

/** Records credited to an identity by content, e.g. those its commits added first (gitDatasetContributions). */
export type RecordCredit = { identity: string; records: number };

export type DatasetVersionInput = {
  id: string;
  /** Every file of the version, wherever it was read: a folder, a git tree, a Hub revision. */
  files: readonly FileEntry[];
  /**
   * A line file's record digests (see recordDigester), or undefined for a file that is one record; asked once per
   * file, and only for a new version.
   */
  recordsOf: (path: string) => Uint8Array | undefined;
  version?: string;
  /** The version of a new manifest when none is given. Default: the next number after the latest version's. */
  defaultVersion?: string;
  license?: string;
  /** Declared counts, and globs whose files' records the first matching glob is credited with. */
  contributors: readonly ContributorSpec[];
  /** Credit by content from elsewhere (who first added each record, from git); given the version's records. */
  credit?: (records: VersionRecords) => readonly RecordCredit[];
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
 * link to the previous one, the distinct records and their root, and each contributor's records. Credit is by content
 * (docs/revenue-split.md, "Credit by content"): each distinct record once, so copies, shards and padding add nothing,
 * and no credit, declared or not, may exceed the version's records. "Unchanged" when the manifest is the latest
 * version's, so recording the same files twice records nothing new.
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
  const records = versionRecords(files, input.recordsOf);
  const contributors: DatasetPredicate["contributors"] = [...globCredit(input, records), ...(input.credit?.(records) ?? [])];
  for (const spec of input.contributors)
    if ("records" in spec) contributors.push({ identity: spec.identity, records: spec.records, declared: true });
  const credited = contributors.reduce((total, contributor) => total + contributor.records, 0);
  if (credited > records.count) {
    // A declared count is an assertion nobody checked: it may share out the version's records, never invent more.
    throw new ShouldersError(
      "BAD_ARGUMENT",
      `\`contributors\` credit ${credited} records, but ${input.location} holds ${records.count} distinct records; a declared count may not exceed them`,
    );
  }
  const predicate: DatasetPredicate = {
    id: input.id,
    version,
    ...(input.license === undefined ? {} : { license: normaliseLicense(input.license) }),
    ...(previous === undefined
      ? {}
      : { previous: { version: previous.predicate.version, index: previous.index, manifest: previous.manifest } }),
    files: files.length,
    bytes: files.reduce((total, file) => total + file.size, 0),
    records: records.count,
    recordRoot: records.root,
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

/**
 * Each glob's records: the distinct records of the files it matches that no earlier glob claimed, so two globs over
 * the same file, or a file and its copy, credit its records once, to the first.
 */
function globCredit(input: DatasetVersionInput, records: VersionRecords): DatasetPredicate["contributors"] {
  const claimed = new Set<string>();
  const paths = records.files.map((file) => file.path);
  const credit: DatasetPredicate["contributors"] = [];
  for (const spec of input.contributors) {
    if (!("glob" in spec)) continue;
    const matched = new Set(matchFiles(spec.glob, paths));
    if (matched.size === 0)
      throw new ShouldersError("BAD_ARGUMENT", `\`contributors\` ${spec.identity}=${spec.glob} matches no file in ${input.location}`);
    let count = 0;
    forEachDistinctRecord(
      records.files.filter((file) => matched.has(file.path)),
      (key) => {
        if (claimed.has(key)) return;
        claimed.add(key);
        count++;
      },
    );
    credit.push({ identity: spec.identity, records: count });
  }
  return credit;
}

/** One line per identity, records added up, sorted: the same inputs always give the same statement. Any declared part marks the line declared. */
function mergeContributors(contributors: readonly DatasetPredicate["contributors"][number][]): DatasetPredicate["contributors"] {
  const totals = new Map<string, { records: number; declared: boolean }>();
  for (const { identity, records, declared } of contributors) {
    const total = totals.get(identity) ?? { records: 0, declared: false };
    totals.set(identity, { records: total.records + records, declared: total.declared || declared === true });
  }
  return [...totals]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([identity, { records, declared }]) => ({ identity, records, ...(declared ? { declared: true as const } : {}) }));
}
