/**
 * The manifest of a set of files (docs/format.md, "Files and manifests"): one line `<sha256 hex> <size> <path>\n` per file,
 * paths sorted bytewise, and its digest is the SHA-256 of those bytes. Anyone can recompute it with `sha256sum`
 * and `sort`, so every rule here is about keeping that text unambiguous.
 */
import { createHash } from "node:crypto";
import { ShouldersError } from "@shoulders/ledger";

export type FileEntry = { path: string; size: number; sha256: string };

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * A manifest path is relative, '/'-separated and canonical: one spelling per file, so two manifests of the same
 * folder cannot differ, and a path can never climb out of the folder it describes ("..", absolute paths).
 */
export function assertManifestPath(path: string): void {
  const problem = manifestPathProblem(path);
  if (problem !== undefined) throw new ShouldersError("BAD_ARGUMENT", `file path ${JSON.stringify(path)} ${problem}`);
}

/** Why a manifest cannot hold `path` ("contains a line break, …"), or undefined when it can. */
export function manifestPathProblem(path: string): string | undefined {
  // A line break would end the line early and let one path forge another entry.
  if (/[\n\r]/.test(path)) return "contains a line break, which the manifest's line format cannot hold";
  if (path.includes("\0")) return "contains a NUL character";
  // Windows separators would give the same file two spellings.
  if (path.includes("\\")) return "contains a backslash; manifest paths are '/'-separated";
  if (path.startsWith("/")) return "is absolute; manifest paths are relative to the folder";
  if (path.split("/").some((segment) => segment === "" || segment === "." || segment === "..")) return "has an empty, '.' or '..' segment";
  // Lone surrogates would be replaced by U+FFFD when encoded, so the manifest would name a different path.
  if (Buffer.from(path, "utf8").toString("utf8") !== path) return "is not well-formed Unicode";
  return undefined;
}

/**
 * manifestPathProblem for a name decoded leniently from bytes (a folder listing, git's output), where a name that is
 * not UTF-8 arrives holding U+FFFD. A file really named with U+FFFD is refused too: git's output cannot tell the two
 * apart, and the record action and the pull request preview (which reads git) must skip the same files.
 */
export function decodedPathProblem(path: string): string | undefined {
  return path.includes("\uFFFD") ? "is not valid UTF-8" : manifestPathProblem(path);
}

/** Bytewise order of the UTF-8 encodings, as `LC_ALL=C sort` does; not UTF-16 order and not the locale's. */
export function compareBytewise(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

export function manifestText(files: readonly FileEntry[]): string {
  for (const file of files) {
    assertManifestPath(file.path);
    if (!SHA256_HEX.test(file.sha256)) {
      throw new ShouldersError("BAD_ARGUMENT", `sha256 of ${JSON.stringify(file.path)} must be 64 lowercase hex characters`);
    }
    if (!Number.isSafeInteger(file.size) || file.size < 0) {
      throw new ShouldersError("BAD_ARGUMENT", `size of ${JSON.stringify(file.path)} must be a non-negative integer`);
    }
  }
  const sorted = files.map((file) => ({ file, key: Buffer.from(file.path, "utf8") })).sort((a, b) => Buffer.compare(a.key, b.key));
  let text = "";
  for (let i = 0; i < sorted.length; i++) {
    const { file, key } = sorted[i]!;
    // Two lines for one path would make the manifest say two things about the same file.
    if (i > 0 && key.equals(sorted[i - 1]!.key))
      throw new ShouldersError("BAD_ARGUMENT", `file path ${JSON.stringify(file.path)} is listed twice`);
    text += `${file.sha256} ${file.size} ${file.path}\n`;
  }
  return text;
}

export function manifestDigest(files: readonly FileEntry[]): string {
  return createHash("sha256").update(manifestText(files), "utf8").digest("hex");
}
