import { compareBytewise, isReleaseFile, manifestDigest, type ReleasePredicate } from "@shoulders/attribution";
import type { Statement } from "@shoulders/ledger";

/** A file as found in a folder or a Hub listing; `sha256` is undefined when it is not known without a download. */
export type ObservedFile = { path: string; size: number; sha256: string | undefined };

export type ReleaseFilesReport = {
  /** True when the files are exactly the signed ones: nothing missing, extra, changed or left unchecked. */
  ok: boolean;
  missing: string[];
  extra: string[];
  changed: string[];
  /** Signed files present with an unknown digest: neither confirmed nor refuted. */
  unchecked: string[];
  /** Whether the release lists each file as a subject (at most 10,000 files); else only the manifest speaks for them. */
  perFile: boolean;
  manifest: { signed: string; observed: string | undefined };
};

/**
 * Compares files against a release's signed statement. With per-file subjects it names each missing, extra and
 * changed file. A release too large for per-file subjects carries only its manifest digest; then the files are
 * checked as a whole, which proves them equal or not but cannot say which file differs. README.md and .attribution/
 * describe the release and are never among its files, so they are ignored here too.
 */
export function checkReleaseFiles(
  observed: readonly ObservedFile[],
  release: SignedRelease,
  options: { hubManaged?: (path: string) => boolean } = {},
): ReleaseFilesReport {
  const files = observed.filter((file) => isReleaseFile(file.path));
  const managed = options.hubManaged ?? (() => false);
  if (!files.some((file) => managed(file.path))) return compare(files, release);
  // A Hub-managed file counts only when the release signed it; a manifest-only release cannot say, so try both.
  const signed = new Set(release.statement.subject.slice(1).map((subject) => subject.name));
  const without = compare(
    files.filter((file) => !managed(file.path) || signed.has(file.path)),
    release,
  );
  if (without.ok || without.perFile) return without;
  const withManaged = compare(files, release);
  return withManaged.ok ? withManaged : without;
}

/**
 * The Hub creates the root `.gitattributes` of every repository and edits it to track LFS files, and Hub clients
 * download it with the rest, so it is compared only when the release itself signed it.
 */
export function isHubManaged(path: string): boolean {
  return path === ".gitattributes";
}

type SignedRelease = { statement: Statement; predicate: ReleasePredicate };

function compare(files: readonly ObservedFile[], release: SignedRelease): ReleaseFilesReport {
  const listed = release.statement.subject.slice(1);
  const perFile = listed.length > 0 && listed.length === release.predicate.files;
  const known = files.every((file) => file.sha256 !== undefined);
  const observedManifest = known ? manifestDigest(files.map((file) => ({ ...file, sha256: file.sha256 as string }))) : undefined;
  const report: ReleaseFilesReport = {
    ok: false,
    missing: [],
    extra: [],
    changed: [],
    unchecked: [],
    perFile,
    manifest: { signed: release.predicate.manifest, observed: observedManifest },
  };
  if (perFile) {
    const signed = new Map(listed.map((subject) => [subject.name, subject.digest.sha256]));
    const present = new Map(files.map((file) => [file.path, file]));
    for (const [path, sha256] of signed) {
      const file = present.get(path);
      if (file === undefined) report.missing.push(path);
      else if (file.sha256 === undefined) report.unchecked.push(path);
      else if (file.sha256 !== sha256) report.changed.push(path);
    }
    for (const file of files) if (!signed.has(file.path)) report.extra.push(file.path);
    for (const list of [report.missing, report.extra, report.changed, report.unchecked]) list.sort(compareBytewise);
  }
  const lists = report.missing.length + report.extra.length + report.changed.length + report.unchecked.length;
  // The manifest also fixes each size, so even with per-file subjects it is the last word.
  report.ok = lists === 0 && observedManifest === release.predicate.manifest;
  return report;
}
