import {
  type AttributionIndex,
  type ContributorSpec,
  type DatasetVersionOutcome,
  datasetVersionStatement,
  isLineRecordFile,
  normaliseLicense,
} from "@shoulders/attribution";
import { isShouldersError, ShouldersError } from "@shoulders/ledger";
import { hubFileDigests } from "./hub-file-digests.js";
import { type Hub, parseRepoName, repoUrl } from "./hub-options.js";
import { listHubFiles } from "./list-hub-files.js";
import { resolveRevision } from "./resolve-revision.js";

export type HubDatasetInput = {
  name: string;
  /** Default main; recorded as the commit it resolves to. */
  revision?: string;
  /** The ledger id. Default: the Hub name, so `record run --dataset ORG/NAME` finds it. */
  id?: string;
  /** Default: the first 12 hex digits of the commit, which never moves, unlike a branch name. */
  version?: string;
  /**
   * Default: the dataset card's `license:`, when it is one the license checks can read; otherwise the version is
   * recorded without one and `notes` says why, so a later `shoulders record license` declares it.
   */
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

export type HubDatasetOutcome = {
  revision: string;
  downloaded: { files: number; bytes: number };
  /** What was left out and why: a card license the checks cannot read. */
  notes: string[];
} & DatasetVersionOutcome;

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
  const notes: string[] = [];
  const license = input.license ?? cardLicense(resolved.name, resolved.cardData?.license, notes);
  const outcome = datasetVersionStatement({
    id: input.id ?? resolved.name,
    files: digests.files,
    recordsOf: (path) => digests.records.get(path),
    ...(input.version === undefined ? {} : { version: input.version }),
    // The commit, which never moves, unlike a branch name.
    defaultVersion: resolved.sha.slice(0, 12),
    ...(license === undefined ? {} : { license }),
    contributors: input.contributors ?? [],
    source: { uri: repoUrl(hub, "dataset", resolved.name), revision: resolved.sha },
    location: resolved.name,
    index: input.index,
  });
  return { revision: resolved.sha, downloaded: digests.downloaded, notes, ...outcome };
}

/**
 * The card's license in its standard spelling. The card is whatever the dataset's authors wrote: a license the checks
 * cannot read (garbage, or `other`, whose name and link only `shoulders record license` carries) is left out and
 * noted, never recorded as written.
 */
function cardLicense(name: string, license: unknown, notes: string[]): string | undefined {
  if (typeof license !== "string") return undefined;
  try {
    return normaliseLicense(license);
  } catch (error) {
    if (!isShouldersError(error)) throw error;
    notes.push(
      `the card of ${name} declares the license ${JSON.stringify(license.slice(0, 100))}, which the license checks cannot read; recorded without a license: declare it with shoulders record license ${name}`,
    );
    return undefined;
  }
}
