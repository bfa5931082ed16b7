import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { AttributionIndex, isReleaseFile } from "@shoulders/attribution";
import { readEntries, type VerifyResult, verifyLedger, type WitnessRequirement } from "@shoulders/ledger";
import { checkReleaseFiles, isHubManaged, type ReleaseFilesReport } from "./check-release-files.js";
import { downloadHubFile } from "./download-hub-file.js";
import { hubFileDigests } from "./hub-file-digests.js";
import { hfPredicateValidators } from "./hub-model-predicate.js";
import { type Hub, parseRepoName } from "./hub-options.js";
import { listHubFiles } from "./list-hub-files.js";
import { resolveRevision } from "./resolve-revision.js";
import { type ReleaseSummary, summary } from "./verify-release-dir.js";

export type HubReleaseReport = {
  valid: boolean;
  repo: string;
  revision: string;
  /** The ledger found in the repository's `.attribution/`, as `shoulders verify` reports it. */
  ledger: Omit<VerifyResult, "statements" | "registry">;
  release?: ReleaseSummary;
  files?: ReleaseFilesReport;
  /** Why the release could not be checked, when it could not (no ledger, no release of that id). */
  problem?: string;
  downloaded: { files: number; bytes: number };
};

/** The ledger files a verifier needs; anything else under .attribution/ (pending files, caches) is not downloaded. */
const LEDGER_FILE = /^\.attribution\/(?:trust\.json|checkpoint|\.gitattributes|log\/\d{6}\.jsonl)$/;
/**
 * Each ledger file is read into memory, so a hostile repository must not make us hold more than this. A segment of
 * 16,384 statements of a few KiB each is tens of MiB; one near the format's limit (16,384 lines of 1 MiB) is refused.
 */
const MAX_LEDGER_FILE_BYTES = 1024 * 1024 * 1024;

/**
 * Checks a model repository on the Hub without downloading its weights: downloads `.attribution/`, verifies it as
 * `shoulders verify` would, finds the latest release of `releaseId` (default: the repository name), and compares the
 * repository's files with the release's signed digests: LFS oids for large files, downloaded and hashed small files.
 */
export async function verifyHubRelease(
  hub: Hub,
  options: {
    name: string;
    revision?: string;
    releaseId?: string;
    trust?: Uint8Array;
    witnesses?: WitnessRequirement;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<HubReleaseReport> {
  const resolved = await resolveRevision(hub, "model", parseRepoName(options.name), options.revision);
  const listed = await listHubFiles(hub, "model", resolved.name, resolved.sha);
  const ledgerFiles = listed.filter((file) => LEDGER_FILE.test(file.path));
  const work = mkdtempSync(join(tmpdir(), "shoulders-hf-verify-"));
  try {
    let bytes = 0;
    for (const file of ledgerFiles) {
      const content = await downloadHubFile(
        hub,
        { kind: "model", name: resolved.name, revision: resolved.sha, path: file.path },
        MAX_LEDGER_FILE_BYTES,
      );
      if (content === null) continue;
      bytes += content.length;
      mkdirSync(dirname(join(work, file.path)), { recursive: true });
      writeFileSync(join(work, file.path), content);
    }
    const verifyOptions = {
      dir: work,
      predicates: hfPredicateValidators(),
      ...(options.trust === undefined ? {} : { trust: options.trust }),
      ...(options.witnesses === undefined ? {} : { witnesses: options.witnesses }),
    };
    const { statements: _statements, registry: _registry, ...ledger } = verifyLedger(verifyOptions);
    const base = { repo: resolved.name, revision: resolved.sha, ledger, downloaded: { files: ledgerFiles.length, bytes } };
    if (!ledger.valid) {
      const problem =
        ledgerFiles.length === 0 ? `${resolved.name} has no .attribution/ ledger: it was not uploaded with shoulders hf upload` : undefined;
      return { ...base, valid: false, ...(problem === undefined ? {} : { problem }) };
    }
    const { entries, registry } = readEntries(verifyOptions);
    const releaseId = options.releaseId ?? resolved.name;
    const release = new AttributionIndex(entries, registry).releases.get(releaseId)?.at(-1);
    if (release === undefined) return { ...base, valid: false, problem: `no release of "${releaseId}" in the ledger of ${resolved.name}` };
    const digests = await hubFileDigests(
      hub,
      listed.filter((file) => isReleaseFile(file.path)),
      {
        kind: "model",
        name: resolved.name,
        sha: resolved.sha,
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      },
    );
    const files = checkReleaseFiles(digests.files, release, { hubManaged: isHubManaged });
    const downloaded = { files: base.downloaded.files + digests.downloaded.files, bytes: bytes + digests.downloaded.bytes };
    return { ...base, downloaded, valid: files.ok, release: summary(release), files };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
