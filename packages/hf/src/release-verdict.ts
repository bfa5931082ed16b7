import type { AttributionIndex, Release, Verdict, VerdictFinding } from "@shoulders/attribution";
import type { ReleaseFilesReport } from "./check-release-files.js";
import { type ReleaseProvenance, releaseProvenance } from "./release-provenance.js";

/** How the release a copy holds was found: named by the user, pinned by the model card, by the Hub repository's name, or matched by its manifest. */
export type ReleaseSource = "release id" | "model card" | "repository name" | "manifest";

/** The verdict on a copy of a model (a download, a Hub repository): the ledger's, then the release's files. */
export type ReleaseVerdict = Verdict & {
  release?: ReleaseProvenance & { foundBy: ReleaseSource };
  files?: ReleaseFilesReport;
};

/**
 * Adds a release's file check to the ledger's verdict: one coded finding per file that is missing, changed, extra or
 * could not be checked, so `verify --dir` and `hf verify` fail the same way on the same copy.
 */
export function withReleaseFiles(
  verdict: Verdict,
  index: AttributionIndex,
  release: Release,
  foundBy: ReleaseSource,
  files: ReleaseFilesReport,
): ReleaseVerdict {
  const errors = [...verdict.errors, ...fileFindings(files)];
  return {
    ...verdict,
    errors,
    valid: errors.length === 0,
    release: { ...releaseProvenance(index, release), foundBy },
    files,
  };
}

export function fileFindings(report: ReleaseFilesReport): VerdictFinding[] {
  const findings: VerdictFinding[] = [
    ...report.missing.map((path) => ({ code: "MISSING_FILE" as const, message: `${path} is in the signed release but not here`, path })),
    ...report.changed.map((path) => ({ code: "CHANGED_FILE" as const, message: `${path} does not match its signed sha256`, path })),
    ...report.extra.map((path) => ({ code: "EXTRA_FILE" as const, message: `${path} is not in the signed release`, path })),
    ...report.unchecked.map((path) => ({ code: "UNCHECKED_FILE" as const, message: `${path} could not be hashed`, path })),
  ];
  if (findings.length === 0 && !report.ok) {
    findings.push({
      code: "MANIFEST_MISMATCH",
      message: report.perFile
        ? "a file's size differs from the signed manifest"
        : "the files do not hash to the signed manifest (the release is too large to list each file, so the file cannot be named)",
    });
  }
  return findings;
}
