import { basename, dirname, resolve } from "node:path";
import { AttributionIndex, type DirectoryManifest, hashDirectory, isReleaseFile, type Release } from "@shoulders/attribution";
import { isShouldersError, readEntries, ShouldersError } from "@shoulders/ledger";
import { checkReleaseFiles, isHubManaged, type ReleaseFilesReport } from "./check-release-files.js";
import { hfPredicateValidators } from "./hub-model-predicate.js";

export type ReleaseSummary = { id: string; index: number; license: string; files: number; bytes: number; manifest: string };

export type ReleaseDirReport = ReleaseFilesReport & { release: ReleaseSummary; skipped: { path: string; reason: string }[] };

/**
 * Checks the files of a downloaded copy (a clone, or a Hugging Face cache snapshot) against the latest signed release
 * of `releaseId` in the copy's own ledger. The ledger must verify first: `readEntries` refuses one that does not.
 */
export async function verifyReleaseDir(options: {
  dir: string;
  releaseId: string;
  onProgress?: (done: number, total: number) => void;
}): Promise<ReleaseDirReport> {
  const dir = resolve(options.dir);
  const { entries, registry } = readEntries({ dir, predicates: hfPredicateValidators() });
  const release = new AttributionIndex(entries, registry).release(options.releaseId);
  let hashed: Pick<DirectoryManifest, "files" | "skipped">;
  try {
    hashed = await hashDirectory(dir, {
      exclude: (path) => !isReleaseFile(path),
      symlinkRoot: snapshotRoot(dir),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
  } catch (error) {
    // A copy with nothing but its card and ledger has every release file missing; that is a finding, not a crash.
    if (!isShouldersError(error) || error.code !== "EMPTY_FOLDER") throw error;
    hashed = { files: [], skipped: [] };
  }
  return { ...checkReleaseFiles(hashed.files, release, { hubManaged: isHubManaged }), release: summary(release), skipped: hashed.skipped };
}

export function summary(release: Release): ReleaseSummary {
  const { id, license, files, bytes, manifest } = release.predicate;
  return { id, index: release.index, license, files, bytes, manifest };
}

/**
 * A Hugging Face cache snapshot (`models--ORG--NAME/snapshots/REV`) holds symlinks into `../../blobs/`. Symlinks are
 * only followed inside the root they may point into, so for a snapshot that root is the model's cache folder; for
 * any other folder it stays the folder itself.
 */
function snapshotRoot(dir: string): string {
  const parent = dirname(dir);
  return basename(parent) === "snapshots" && /^(?:models|datasets|spaces)--/.test(basename(dirname(parent))) ? dirname(parent) : dir;
}

export function releaseNotFound(id: string, where: string): ShouldersError {
  return new ShouldersError("UNKNOWN_ARTIFACT", `no release of "${id}" in the ledger of ${where}`);
}
