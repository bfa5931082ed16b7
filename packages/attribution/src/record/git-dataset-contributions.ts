import { createHash } from "node:crypto";
import { isIdentity, normaliseIdentity, ShouldersError } from "@shoulders/ledger";
import { streamGitBytes } from "../git/run-git.js";
import { decodedPathProblem } from "../hash/manifest.js";
import { type IdentityOptions, primaryIdentity } from "../identity/index.js";
import type { RecordCredit } from "./dataset-version.js";
import { isLineRecordFile } from "./record-digests.js";
import { forEachDistinctRecord, type VersionRecords } from "./version-records.js";

export type GitDatasetContributionsOptions = {
  repoDir: string;
  /** The commits whose history is walked, with all their ancestors. */
  revisions: readonly string[];
  /** The dataset folder, relative to the top of the repository. */
  path: string;
  /**
   * Lower-case e-mail → GitHub login, as GitHub resolved them for a push or a pull request. A commit whose author
   * address maps to a login is credited to `github:LOGIN`; any other to the identity its address gives.
   */
  logins?: ReadonlyMap<string, string>;
  /**
   * The identity the ledger already recorded for a commit's author, by commit id: a row added three pushes ago is
   * credited as its commit was, though this push's logins no longer name its author.
   */
  recordedAuthor?: (sha: string) => string | undefined;
} & IdentityOptions;

/** What one identity is credited with in a version: the distinct records it added first, and the commits that did. */
export type GitContribution = RecordCredit & { commits: number };

/** Who first added each record: by record digest for lines, by git blob id for a file that is one record. */
export type RecordAdders = {
  lines: Map<string, Adder>;
  blobs: Map<string, Adder>;
};
type Adder = { identity: string; commit: string };

// Oldest first, parents before children whatever the clocks said; every commit that touched the folder on any branch
// (--full-history), a merge's own changes against its first parent (what its branches added was credited before it).
// No rename detection: content is what counts, so a moved or copied file credits no one anew.
const LOG_OPTIONS = [
  "--no-color",
  "--encoding=UTF-8",
  "--no-show-signature",
  "--no-textconv",
  "--no-ext-diff",
  "--no-renames",
  "--root",
  "--reverse",
  "--topo-order",
  "--full-history",
  "--diff-merges=first-parent",
  "--raw",
  "--no-abbrev",
  "-p",
  "-U0",
  "--text",
  "--src-prefix=a/",
  "--dst-prefix=b/",
  "--format=%x1e%H%x00%an%x00%ae",
];

// biome-ignore lint/suspicious/noControlCharactersInRegex: \x1e marks the start of each commit in our format
const HEADER = /^\x1e([0-9a-f]{40}(?:[0-9a-f]{24})?)\x00([^\x00]*)\x00([^\x00]*)$/;
const RAW = /^:[0-7]{6} ([0-7]{6}) [0-9a-f]+ ([0-9a-f]{40}(?:[0-9a-f]{24})?) ([A-Z])[0-9]*\t/;
const HUNK = /^@@ -[0-9]+(?:,([0-9]+))? \+[0-9]+(?:,([0-9]+))? @@/;
// Only regular files hold records: a symbolic link's "line" is its target, a submodule's is a commit id.
const REGULAR = new Set(["100644", "100755"]);
const SPECIAL_MODE = / (?:120000|160000)$/;
const LEAF_PREFIX = Uint8Array.of(0x00);

/**
 * Who first added each record of a dataset folder, in ONE `git log -p` over its whole history, oldest commit first:
 * each added line of a line file, normalised as recordDigester normalises it, and each regular file's content (its
 * blob), belongs to the author of the first commit that added it. Never its co-authors: a commit's rows are one unit,
 * and the commit records already credit co-authors for the code. Later copies, shards, reformatted (CRLF, padded) or
 * re-added rows credit no one, and deleting rows takes nothing from anyone but the rows themselves.
 */
export async function gitRecordAdders(options: GitDatasetContributionsOptions): Promise<RecordAdders> {
  const adders: RecordAdders = { lines: new Map(), blobs: new Map() };
  // --end-of-options: a revision that looks like an option is a revision. :(literal): the folder name is no glob.
  const args = ["log", ...LOG_OPTIONS, "--end-of-options", ...options.revisions, "--", `:(literal)${options.path}`];
  let adder: Adder | undefined;
  let lineFile = false;
  let special = false;
  let hunkLines = 0;
  for await (const line of gitLines(options.repoDir, args)) {
    if (hunkLines > 0) {
      // "\ No newline at end of file" follows a hunk line and is not one.
      if (line[0] === 0x5c) continue;
      hunkLines--;
      if (line[0] === 0x2b && lineFile && adder !== undefined) creditLine(adders.lines, line, adder);
      continue;
    }
    if (line[0] === 0x1e) {
      const header = HEADER.exec(line.toString("utf8"));
      if (header === null) throw unexpected();
      const sha = header[1] as string;
      adder = { identity: options.recordedAuthor?.(sha) ?? identityOf(header[2] as string, header[3] as string, options), commit: sha };
      continue;
    }
    if (adder === undefined) {
      if (line.length === 0) continue;
      throw unexpected();
    }
    const text = line.toString("latin1");
    if (text.startsWith(":")) {
      const raw = RAW.exec(text);
      if (raw === null) throw unexpected();
      const [, mode, blob, status] = raw as unknown as [string, string, string, string];
      if (status !== "D" && REGULAR.has(mode) && !adders.blobs.has(blob)) adders.blobs.set(blob, adder);
    } else if (text.startsWith("diff --git ")) {
      lineFile = false;
      special = false;
    } else if (text.startsWith("+++ ")) {
      // git ends the name with a tab when it holds a space, for patch(1).
      const path = unquote(line.subarray(4).toString("utf8").replace(/\t$/, ""));
      // Rows of a file a manifest skips (a line break or backslash in its name, not UTF-8) are in no version.
      lineFile = !special && path.startsWith("b/") && isLineRecordFile(path) && decodedPathProblem(path) === undefined;
    } else if (SPECIAL_MODE.test(text) && (text.startsWith("new ") || text.startsWith("index "))) {
      special = true;
    } else {
      const hunk = HUNK.exec(text);
      if (hunk !== null) hunkLines = Number(hunk[1] ?? 1) + Number(hunk[2] ?? 1);
    }
  }
  return adders;
}

/** Each identity's credit in a version: its distinct records that its commits added first (those `counts` takes). */
export function creditByAdders(
  records: VersionRecords,
  adders: RecordAdders,
  blobOf: (path: string) => string | undefined,
  counts: (commit: string) => boolean = () => true,
): GitContribution[] {
  const totals = new Map<string, { records: number; commits: Set<string> }>();
  const credit = (adder: Adder | undefined) => {
    if (adder === undefined || !counts(adder.commit)) return;
    const total = totals.get(adder.identity) ?? { records: 0, commits: new Set() };
    total.records++;
    total.commits.add(adder.commit);
    totals.set(adder.identity, total);
  };
  forEachDistinctRecord(
    records.files.filter((file) => file.line),
    (key) => credit(adders.lines.get(key)),
  );
  // A file that is one record is credited by its content, which its blob id names: the same file twice is one record.
  const files = new Map<string, string | undefined>();
  for (const file of records.files) {
    if (file.line) continue;
    const key = Buffer.from(file.digests).toString("latin1");
    if (!files.has(key)) files.set(key, blobOf(file.path));
  }
  for (const blob of files.values()) credit(blob === undefined ? undefined : adders.blobs.get(blob));
  return [...totals]
    .map(([identity, total]) => ({ identity, records: total.records, commits: total.commits.size }))
    .sort((a, b) => (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));
}

function creditLine(lines: Map<string, Adder>, line: Buffer, adder: Adder): void {
  let end = line.length;
  while (end > 1) {
    const byte = line[end - 1] as number;
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d && byte !== 0x0b && byte !== 0x0c) break;
    end--;
  }
  if (end <= 1) return;
  const key = createHash("sha256").update(LEAF_PREFIX).update(line.subarray(1, end)).digest("binary");
  if (!lines.has(key)) lines.set(key, adder);
}

/** git's output split on LF, as bytes: a row is hashed as the file holds it, whatever its encoding. */
async function* gitLines(repoDir: string, args: readonly string[]): AsyncGenerator<Buffer> {
  let rest: Buffer | undefined;
  for await (const chunk of streamGitBytes(repoDir, args)) {
    let start = 0;
    let buffer = chunk;
    if (rest !== undefined) {
      buffer = Buffer.concat([rest, chunk]);
      rest = undefined;
    }
    for (let newline = buffer.indexOf(0x0a, start); newline !== -1; newline = buffer.indexOf(0x0a, start)) {
      yield buffer.subarray(start, newline);
      start = newline + 1;
    }
    if (start < buffer.length) rest = Buffer.from(buffer.subarray(start));
  }
  if (rest !== undefined) yield rest;
}

/** A path as git prints it: C-quoted ("b/a\tb.jsonl", octal escapes for other bytes) when it holds unusual bytes. */
function unquote(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"')) return text;
  const bytes: number[] = [];
  const body = Buffer.from(text.slice(1, -1), "utf8");
  const escapes: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };
  for (let i = 0; i < body.length; i++) {
    const byte = body[i] as number;
    if (byte !== 0x5c) {
      bytes.push(byte);
      continue;
    }
    const next = String.fromCharCode(body[i + 1] ?? 0);
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(body.subarray(i + 1, i + 4).toString("latin1"), 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? (body[i + 1] as number));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

function identityOf(name: string, email: string, options: GitDatasetContributionsOptions): string {
  const login = options.logins?.get(email.trim().toLowerCase());
  if (login !== undefined) {
    const identity = normaliseIdentity(`github:${login}`);
    if (isIdentity(identity)) return identity;
  }
  return primaryIdentity({ name, email }, options);
}

function unexpected(): ShouldersError {
  return new ShouldersError("GIT_ERROR", "git log printed output that is not a commit diff; is this git 2.x?");
}
