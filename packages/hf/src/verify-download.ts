import { lstatSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import {
  compareBytewise,
  type DirectoryManifest,
  hashDirectory,
  isReleaseFile,
  listFiles,
  manifestPathProblem,
  type Release,
  type Verdict,
  type VerdictOptions,
  verifyAttribution,
} from "@shoulders/attribution";
import { type ErrorCode, isShouldersError, ShouldersError } from "@shoulders/ledger";
import { readCardFile } from "./card/read-card-file.js";
import { checkReleaseFiles, isHubManaged, type ReleaseFilesReport } from "./check-release-files.js";
import { findRelease } from "./find-release.js";
import { type ReleaseVerdict, withReleaseFiles } from "./release-verdict.js";

export type VerifyDownloadOptions = VerdictOptions & {
  /** Check against the latest release of this id, instead of the one the card pins or the files match. */
  releaseId?: string;
  onHashProgress?: (done: number, total: number) => void;
};

/**
 * Story 4: checks a copy of a model (a Hugging Face cache snapshot, a clone, any folder) with its own ledger. The ledger
 * gets the one verdict; then, when the folder holds a release (named with `releaseId`, pinned by the model card's
 * attribution block, or matched by the manifest of its files), every file is compared with the release's signed
 * digests. A folder that holds no release is checked as a ledger only, and one that looks like a model says so
 * (RELEASE_NOT_FOUND). A cache snapshot is a download of
 * one Hub model repository, so it is checked exactly as `hf verify` checks that repository (verifyHubRelease): the
 * release named with `releaseId`, else the one its card pins, else the latest named after the repository, else
 * UNKNOWN_ARTIFACT; never "no copy of the release", which would let a download with renamed weights, or none of the
 * card's files, pass as valid.
 */
export async function verifyDownload(options: VerifyDownloadOptions): Promise<ReleaseVerdict> {
  const dir = resolve(options.dir);
  const verdict = verifyAttribution({ ...options, dir });
  if (!verdict.valid || verdict.index === undefined) return verdict;
  const symlinkRoot = snapshotRoot(dir);
  const hubRepo = symlinkRoot === dir ? undefined : snapshotRepo(symlinkRoot);
  let hashed: Promise<Pick<DirectoryManifest, "files">> | undefined;
  const hash = () => {
    hashed ??= hashReleaseFiles(dir, symlinkRoot, options.onHashProgress);
    return hashed;
  };
  try {
    const listed = options.releaseId === undefined && hubRepo === undefined ? listReleaseFiles(dir, symlinkRoot) : undefined;
    const card = readCardFile(join(dir, "README.md"), "README.md", { within: symlinkRoot });
    const found = await findRelease(verdict.index, verdict.origin ?? "", {
      ...(options.releaseId === undefined ? {} : { releaseId: options.releaseId }),
      card,
      ...(hubRepo === undefined ? {} : { fallbackId: hubRepo }),
      ...(listed === undefined
        ? {}
        : {
            files: {
              fits: (count: number, bytes: number) => listed.sizes.some((sizes) => sizes.count === count && sizes.bytes === bytes),
              matches: async (release: Release) => checkReleaseFiles((await hash()).files, release, { hubManaged: isHubManaged }).ok,
            },
          }),
    });
    if (found === undefined) {
      if (hubRepo === undefined) return withUncheckedCopy(verdict, listed?.paths ?? [], options.strict === true);
      throw new ShouldersError("UNKNOWN_ARTIFACT", `no release of "${hubRepo}" in the ledger of this download of ${hubRepo}`);
    }
    const files = skippedAsUnchecked(dir, checkReleaseFiles((await hash()).files, found.release, { hubManaged: isHubManaged }));
    if (found.foundBy === "model card" && hubRepo === undefined && holdsNoneOf(files, found.release.predicate.files)) {
      // A project's own repository may carry the card of a release it builds elsewhere (shoulders card --write): a
      // folder with none of the release's files is no copy of it. Said, not hidden; --release makes it an error.
      const { artifact, entry } = { artifact: found.release.predicate.id, entry: found.release.index };
      const message = `the model card pins release ${artifact} (entry ${entry}), but this folder holds none of its files, so it is no copy of that release: only the ledger was checked (pass \`releaseId\` ${artifact} to require it)`;
      const noCopy = withFinding(verdict, options.strict === true, { code: "MISSING_FILE", message });
      // A card re-pointed at another release must not hide a changed copy of one whose files the folder does hold.
      return withUncheckedCopy(noCopy, listed?.paths ?? [], options.strict === true);
    }
    return withReleaseFiles(verdict, verdict.index, found.release, found.foundBy, files);
  } catch (error) {
    if (!isShouldersError(error)) throw error;
    return { ...verdict, valid: false, errors: [...verdict.errors, { code: error.code, message: error.message }] };
  }
}

/**
 * A folder that holds a file some release of its ledger signs, under the same name, while no release is pinned by the
 * card or matches its files: a copy whose card lost its attribution block, or whose files changed, looks exactly like
 * this, so it must never read as a checked model. Decided from the ledger, not from file names: a project's own
 * repository, whose files no release signs at those paths, is a ledger and nothing more. A warning, an error with
 * `strict`.
 */
function withUncheckedCopy(verdict: Verdict, paths: readonly string[], strict: boolean): Verdict {
  const signed = signedPaths(verdict);
  const held = paths.filter((path) => signed.has(path)).sort(compareBytewise);
  if (held.length === 0) return verdict;
  const named = held.length === 1 ? held[0] : `${held[0]} and ${held.length - 1} more`;
  return withFinding(verdict, strict, {
    code: "RELEASE_NOT_FOUND",
    message:
      `this folder holds files that releases of this ledger sign (${named}), but no model card pins a release and no ` +
      "release's files match its files: the files were NOT checked, only the ledger; pass `releaseId` ID to compare them with a release",
  });
}

/** Every path a release of the ledger signs (its subjects other than the manifest). */
function signedPaths(verdict: Verdict): Set<string> {
  const paths = new Set<string>();
  for (const releases of verdict.index?.releases.values() ?? []) {
    for (const release of releases)
      for (const subject of release.statement.subject) if (subject.name !== "manifest") paths.add(subject.name);
  }
  return paths;
}

/** A finding that leaves the files unchecked: a warning, or with `strict` an error, since nothing vouched for them. */
function withFinding(verdict: Verdict, strict: boolean, finding: { code: ErrorCode; message: string }): Verdict {
  return strict
    ? { ...verdict, valid: false, errors: [...verdict.errors, finding] }
    : { ...verdict, warnings: [...verdict.warnings, finding] };
}

function holdsNoneOf(files: ReleaseFilesReport, signed: number): boolean {
  return files.perFile && signed > 0 && files.missing.length === signed;
}

/**
 * The release files the folder holds (their paths), and how many with their bytes, with and without the files the Hub
 * manages (a release signs those only when its own folder had them): enough to tell which releases it could hold.
 */
function listReleaseFiles(dir: string, symlinkRoot: string): { paths: string[]; sizes: { count: number; bytes: number }[] } {
  let files: { path: string; size: number }[];
  try {
    files = listFiles(dir, { exclude: (path) => !isReleaseFile(path), symlinkRoot }).files;
  } catch (error) {
    // A ledger with nothing beside it (a repository's own checkout of .attribution/) holds no release.
    if (isShouldersError(error) && error.code === "EMPTY_FOLDER") return { paths: [], sizes: [] };
    throw error;
  }
  const sizes = (list: { size: number }[]) => ({ count: list.length, bytes: list.reduce((sum, file) => sum + file.size, 0) });
  return { paths: files.map((file) => file.path), sizes: [sizes(files), sizes(files.filter((file) => !isHubManaged(file.path)))] };
}

async function hashReleaseFiles(
  dir: string,
  symlinkRoot: string,
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<Pick<DirectoryManifest, "files">> {
  try {
    return await hashDirectory(dir, {
      exclude: (path) => !isReleaseFile(path),
      symlinkRoot,
      ...(onProgress === undefined ? {} : { onProgress }),
    });
  } catch (error) {
    // A copy with nothing but its card and ledger has every release file missing; that is a finding, not a crash.
    if (!isShouldersError(error) || error.code !== "EMPTY_FOLDER") throw error;
    return { files: [] };
  }
}

/**
 * A signed file that hashing skipped (a link out of the folder, a dangling link, a FIFO) is still there under its
 * name, and a model loader opens it: it is unchecked, never missing, or a folder whose release files all link to
 * other weights would pass as one that holds none of them. Only names a release can hold are looked up, so a hostile
 * subject such as `../x` never learns what exists outside the folder.
 */
function skippedAsUnchecked(dir: string, report: ReleaseFilesReport): ReleaseFilesReport {
  const there = report.missing.filter((path) => {
    if (manifestPathProblem(path) !== undefined || !isReleaseFile(path)) return false;
    try {
      lstatSync(join(dir, path));
      return true;
    } catch {
      return false;
    }
  });
  if (there.length === 0) return report;
  return {
    ...report,
    missing: report.missing.filter((path) => !there.includes(path)),
    unchecked: [...report.unchecked, ...there].sort(compareBytewise),
  };
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

/** The Hub repository a cache folder holds (`models--ORG--NAME`; the Hub forbids `--` in names), if it is a model's. */
function snapshotRepo(cacheFolder: string): string | undefined {
  const match = /^models--(.+)$/.exec(basename(cacheFolder));
  return match === null ? undefined : (match[1] as string).split("--").join("/");
}
