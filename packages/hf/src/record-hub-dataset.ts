import {
  type AttributionIndex,
  type ContributorSpec,
  DATASET_PREDICATE_TYPE,
  type DatasetPredicate,
  type DatasetVersion,
  manifestDigest,
  manifestSubjects,
  matchFiles,
} from "@shoulders/attribution";
import { ShouldersError, STATEMENT_TYPE, type Statement } from "@shoulders/ledger";
import { hubFileDigests } from "./hub-file-digests.js";
import { type Hub, parseRepoName, repoUrl } from "./hub-options.js";
import { listHubFiles } from "./list-hub-files.js";
import { isLineRecordFile } from "./record-count.js";
import { resolveRevision } from "./resolve-revision.js";

export type HubDatasetInput = {
  name: string;
  /** Default main; recorded as the commit it resolves to. */
  revision?: string;
  /** The ledger id. Default: the Hub name, so `record run --dataset ORG/NAME` finds it. */
  id?: string;
  /** Default: the first 12 hex digits of the commit, which never moves, unlike a branch name. */
  version?: string;
  /** Default: the dataset card's `license:`. */
  license?: string;
  contributors?: readonly ContributorSpec[];
  /**
   * Download LFS .jsonl and .csv files to count their lines. Without it nothing stored in LFS is downloaded, and each
   * such file counts as 1 record; small .jsonl and .csv files are downloaded anyway (for their digest) and counted.
   */
  countRecords?: boolean;
  index: AttributionIndex;
  onProgress?: (done: number, total: number) => void;
};

export type HubDatasetOutcome = { revision: string; downloaded: { files: number; bytes: number } } & (
  | { kind: "new"; statement: Statement; predicate: DatasetPredicate; filesListed: boolean }
  | { kind: "unchanged"; existing: DatasetVersion }
);

/**
 * A dataset version from a Hub dataset revision. Its manifest holds each file's sha256: the LFS oid for large files,
 * with no download, and the hash of the downloaded content for the small files, whose listing gives only a git blob id.
 */
export async function hubDatasetStatement(hub: Hub, input: HubDatasetInput): Promise<HubDatasetOutcome> {
  const resolved = await resolveRevision(hub, "dataset", parseRepoName(input.name, "dataset"), input.revision);
  const listed = (await listHubFiles(hub, "dataset", resolved.name, resolved.sha)).filter(
    (file) => file.path !== ".attribution" && !file.path.startsWith(".attribution/"),
  );
  if (listed.length === 0) throw new ShouldersError("EMPTY_FOLDER", `dataset ${resolved.name}@${resolved.sha.slice(0, 12)} has no files`);
  const digests = await hubFileDigests(hub, listed, {
    kind: "dataset",
    name: resolved.name,
    sha: resolved.sha,
    downloadLfs: (path) => input.countRecords === true && isLineRecordFile(path),
    ...(input.onProgress === undefined ? {} : { onProgress: input.onProgress }),
  });
  const digest = manifestDigest(digests.files);
  const id = input.id ?? resolved.name;
  const previous = input.index.datasets.get(id)?.at(-1);
  const base = { revision: resolved.sha, downloaded: digests.downloaded };
  if (
    previous !== undefined &&
    previous.manifest === digest &&
    (input.version === undefined || input.version === previous.predicate.version)
  ) {
    return { ...base, kind: "unchanged", existing: previous };
  }
  const version = input.version ?? resolved.sha.slice(0, 12);
  if (input.index.datasets.get(id)?.some((existing) => existing.predicate.version === version)) {
    throw new ShouldersError("BAD_ARGUMENT", `dataset "${id}" already has a version "${version}"; pass another --version`);
  }
  const paths = digests.files.map((file) => file.path);
  const contributors = (input.contributors ?? []).map((spec) => {
    if ("records" in spec) return { identity: spec.identity, records: spec.records };
    const matched = matchFiles(spec.glob, paths);
    if (matched.length === 0)
      throw new ShouldersError("BAD_ARGUMENT", `--contributor ${spec.identity}=${spec.glob} matches no file in ${resolved.name}`);
    return { identity: spec.identity, records: matched.reduce((sum, path) => sum + (digests.records.get(path) ?? 0), 0) };
  });
  const cardLicense = typeof resolved.cardData?.license === "string" ? resolved.cardData.license : undefined;
  const license = input.license ?? cardLicense;
  const predicate: DatasetPredicate = {
    id,
    version,
    ...(license === undefined ? {} : { license }),
    ...(previous === undefined
      ? {}
      : { previous: { version: previous.predicate.version, index: previous.index, manifest: previous.manifest } }),
    files: digests.files.length,
    bytes: digests.files.reduce((sum, file) => sum + file.size, 0),
    records: [...digests.records.values()].reduce((a, b) => a + b, 0),
    contributors: mergeContributors(contributors),
    source: { uri: repoUrl(hub, "dataset", resolved.name), revision: resolved.sha },
  };
  const { subjects, filesListed } = manifestSubjects(digest, digests.files);
  return {
    ...base,
    kind: "new",
    statement: { _type: STATEMENT_TYPE, subject: subjects, predicateType: DATASET_PREDICATE_TYPE, predicate },
    predicate,
    filesListed,
  };
}

/** One line per identity, sorted, as `datasetStatement` writes them: the same inputs give the same statement. */
function mergeContributors(contributors: readonly { identity: string; records: number }[]): { identity: string; records: number }[] {
  const totals = new Map<string, number>();
  for (const { identity, records } of contributors) totals.set(identity, (totals.get(identity) ?? 0) + records);
  return [...totals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([identity, records]) => ({ identity, records }));
}
