import { join } from "node:path";
import type { Statement } from "@shoulders/ledger";
import type { AttributionIndex, DatasetVersion } from "../attribution-index.js";
import { hashDirectory, type SkippedEntry } from "../hash/index.js";
import type { DatasetPredicate } from "../predicates/index.js";
import type { ContributorSpec } from "./contributor-spec.js";
import { datasetVersionStatement, type RecordCredit } from "./dataset-version.js";
import { readRecordDigests } from "./record-digests.js";
import type { VersionRecords } from "./version-records.js";

export type DatasetInput = {
  dir: string;
  id: string;
  version?: string;
  license?: string;
  contributors: readonly ContributorSpec[];
  /** See DatasetVersionInput.credit. */
  credit?: (records: VersionRecords) => readonly RecordCredit[];
  source?: DatasetPredicate["source"];
  index: AttributionIndex;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  cachePath?: string;
  /** The project folder the path was named in: no link below it (ListFilesOptions.within). */
  within?: string;
  /** See ListFilesOptions.followSymlinks. */
  followSymlinks?: boolean;
};

export type DatasetOutcome =
  | { kind: "new"; statement: Statement; predicate: DatasetPredicate; skipped: SkippedEntry[]; filesListed: boolean }
  | { kind: "unchanged"; existing: DatasetVersion; skipped: SkippedEntry[] };

/**
 * The statement for a new version of the dataset in a folder, or "unchanged" when the folder's manifest is the latest
 * version's, so recording the same folder twice records nothing new.
 */
export async function datasetStatement(input: DatasetInput): Promise<DatasetOutcome> {
  const hashed = await hashDirectory(input.dir, {
    exclude: (path) => path === ".attribution" || path.startsWith(".attribution/"),
    ...(input.onProgress === undefined ? {} : { onProgress: input.onProgress }),
    ...(input.cachePath === undefined ? {} : { cachePath: input.cachePath }),
    ...(input.within === undefined ? {} : { within: input.within }),
    ...(input.followSymlinks === undefined ? {} : { followSymlinks: input.followSymlinks }),
  });
  const outcome = datasetVersionStatement({
    id: input.id,
    files: hashed.files,
    recordsOf: (path) => readRecordDigests(join(input.dir, path), path),
    ...(input.version === undefined ? {} : { version: input.version }),
    ...(input.license === undefined ? {} : { license: input.license }),
    contributors: input.contributors,
    ...(input.credit === undefined ? {} : { credit: input.credit }),
    ...(input.source === undefined ? {} : { source: input.source }),
    location: input.dir,
    index: input.index,
  });
  return { ...outcome, skipped: hashed.skipped };
}
