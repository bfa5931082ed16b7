import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { isReleaseFile, type VerdictOptions, verifyAttribution } from "@shoulders/attribution";
import { isShouldersError, MAX_LINE_BYTES, ShouldersError } from "@shoulders/ledger";
import { decodeCard, MAX_CARD_BYTES } from "./card/read-card-file.js";
import { checkReleaseFiles, isHubManaged } from "./check-release-files.js";
import { downloadHubFile } from "./download-hub-file.js";
import { findRelease } from "./find-release.js";
import { hubFileDigests } from "./hub-file-digests.js";
import { type Hub, parseRepoName } from "./hub-options.js";
import { type HubFile, listHubFiles } from "./list-hub-files.js";
import { type ReleaseVerdict, withReleaseFiles } from "./release-verdict.js";
import { resolveRevision } from "./resolve-revision.js";

export type HubReleaseReport = ReleaseVerdict & {
  repo: string;
  revision: string;
  downloaded: { files: number; bytes: number };
};

/** The ledger files the verifier reads whole; they are downloaded. */
const LEDGER_FILE = /^\.attribution\/(?:trust\.json|checkpoint|log\/\d{6}\.jsonl)$/;
/** The verdict reads a pending file whole when it fits in an envelope and its LF; a larger one it refuses by its size. */
const PENDING_FILE = /^\.attribution\/pending\/[^/]+$/;
/**
 * Each ledger file is read into memory, so a hostile repository must not make us hold more than this. A segment of
 * 16,384 statements of a few KiB each is tens of MiB; one near the format's limit (16,384 lines of 1 MiB) is refused.
 */
const MAX_LEDGER_FILE_BYTES = 1024 * 1024 * 1024;

/**
 * Story 4 without downloading the weights: downloads the repository's `.attribution/` and model card, gives the ledger
 * the one verdict (as `shoulders verify` does), finds the release (`releaseId`, else the one the card pins, else the
 * latest of the repository's own name), and compares the repository's files with its signed digests: LFS oids for
 * large files, downloaded and hashed small files.
 */
export async function verifyHubRelease(
  hub: Hub,
  options: Omit<VerdictOptions, "dir"> & {
    name: string;
    revision?: string;
    releaseId?: string;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<HubReleaseReport> {
  const resolved = await resolveRevision(hub, "model", parseRepoName(options.name), options.revision);
  const listed = await listHubFiles(hub, "model", resolved.name, resolved.sha);
  const at = { kind: "model" as const, name: resolved.name, revision: resolved.sha };
  const work = mkdtempSync(join(tmpdir(), "shoulders-hf-verify-"));
  try {
    let bytes = 0;
    let files = 0;
    const ledgerFiles = listed.filter((file) => file.path.startsWith(".attribution/"));
    for (const file of ledgerFiles) {
      const content = readWhole(file) ? await downloadHubFile(hub, { ...at, path: file.path }, MAX_LEDGER_FILE_BYTES) : undefined;
      if (content === null) continue;
      if (content !== undefined) {
        bytes += content.length;
        files += 1;
      }
      layOut(work, file, content);
    }
    const { onProgress, name: _name, revision: _revision, releaseId, ...verdictOptions } = options;
    const verdict = verifyAttribution({ ...verdictOptions, dir: work });
    const base = { repo: resolved.name, revision: resolved.sha, downloaded: { files, bytes } };
    if (!verdict.valid || verdict.index === undefined) {
      if (ledgerFiles.length === 0) {
        const problem = `${resolved.name} has no .attribution/ ledger: it was not uploaded with shoulders hf upload`;
        return { ...verdict, ...base, errors: [{ code: "LEDGER_MISSING", message: problem }] };
      }
      return { ...verdict, ...base };
    }
    const card = listed.some((file) => file.path === "README.md")
      ? await downloadHubFile(hub, { ...at, path: "README.md" }, MAX_CARD_BYTES)
      : null;
    try {
      const found = await findRelease(verdict.index, verdict.origin ?? "", {
        ...(releaseId === undefined ? {} : { releaseId }),
        ...(card === null ? {} : { card: decodeCard(card, `${resolved.name}/README.md`) }),
        fallbackId: resolved.name,
      });
      if (found === undefined) {
        const problem = `no release of "${releaseId ?? resolved.name}" in the ledger of ${resolved.name}`;
        return { ...verdict, ...base, valid: false, errors: [{ code: "UNKNOWN_ARTIFACT", message: problem }] };
      }
      const digests = await hubFileDigests(
        hub,
        listed.filter((file) => isReleaseFile(file.path)),
        { kind: "model", name: resolved.name, sha: resolved.sha, ...(onProgress === undefined ? {} : { onProgress }) },
      );
      const files = checkReleaseFiles(digests.files, found.release, { hubManaged: isHubManaged });
      const downloaded = {
        files: base.downloaded.files + digests.downloaded.files + (card === null ? 0 : 1),
        bytes: bytes + digests.downloaded.bytes,
      };
      return { ...withReleaseFiles(verdict, verdict.index, found.release, found.foundBy, files), ...base, downloaded };
    } catch (error) {
      if (!isShouldersError(error)) throw error;
      return { ...verdict, ...base, valid: false, errors: [...verdict.errors, { code: error.code, message: error.message }] };
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function readWhole(file: HubFile): boolean {
  return LEDGER_FILE.test(file.path) || (PENDING_FILE.test(file.path) && file.size <= MAX_LINE_BYTES + 1);
}

/**
 * Lays out a file of the repository's `.attribution/` as `shoulders verify --dir` finds it in a download, so that both
 * give one verdict: the bytes of a file the verifier reads, else only the name and listed size (sparse), since the
 * verifier refuses every other file by its name, type or size before reading a byte (an extra file in log/, a pending
 * file over the limit, a `.state` that is a file). Leaving them out would pass on the Hub what fails on disk.
 */
function layOut(work: string, file: HubFile, content: Buffer | undefined): void {
  const path = join(work, file.path);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content ?? "");
    if (content === undefined) truncateSync(path, file.size);
  } catch (cause) {
    throw new ShouldersError("IO_ERROR", `cannot lay out ${file.path} as the Hub lists it (${(cause as NodeJS.ErrnoException).code})`, {
      cause,
    });
  }
}
