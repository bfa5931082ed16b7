import { join } from "node:path";
import { hashDirectory } from "../hash/index.js";
import { readRecordDigests } from "./record-digests.js";
import { type VersionRecords, versionRecords } from "./version-records.js";

/**
 * The records of the dataset in a folder, as `record dataset` reads them (the ledger's own `.attribution/` left out),
 * to prove one of them against the version that recorded the folder.
 */
export async function folderRecords(dir: string, options: { followSymlinks?: boolean } = {}): Promise<VersionRecords> {
  const hashed = await hashDirectory(dir, {
    exclude: (path) => path === ".attribution" || path.startsWith(".attribution/"),
    ...(options.followSymlinks === undefined ? {} : { followSymlinks: options.followSymlinks }),
  });
  return versionRecords(hashed.files, (path) => readRecordDigests(join(dir, path), path));
}
