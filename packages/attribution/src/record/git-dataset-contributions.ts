import { isIdentity, normaliseIdentity, ShouldersError } from "@shoulders/ledger";
import { STABLE_LOG_OPTIONS } from "../git/read-commits.js";
import { streamGit } from "../git/run-git.js";
import { decodedPathProblem } from "../hash/manifest.js";
import { type IdentityOptions, primaryIdentity } from "../identity/index.js";
import type { DatasetFormat } from "./git-dataset-config.js";

export type GitDatasetContributionsOptions = {
  repoDir: string;
  /** `A..B`, or one revision for it and all its ancestors. */
  range: string;
  /** The dataset folder, relative to the top of the repository. */
  path: string;
  format: DatasetFormat;
  /**
   * Lower-case e-mail → GitHub login, as GitHub resolved them for a push or a pull request. A commit whose author
   * address maps to a login is credited to `github:LOGIN`; any other to the identity its address gives.
   */
  logins?: ReadonlyMap<string, string>;
} & IdentityOptions;

/** What one identity added to a dataset folder over a range of commits. */
export type GitContribution = { identity: string; records: number; commits: number };

// A rename is a rename (-M in STABLE_LOG_OPTIONS): moving a file credits no one for its rows.
const LOG_OPTIONS = [...STABLE_LOG_OPTIONS, "--raw", "--numstat", "--format=%x1e%H%x00%an%x00%ae"];

// biome-ignore lint/suspicious/noControlCharactersInRegex: \x1e marks the start of each commit in our format
const HEADER = /^\x1e([0-9a-f]{40}(?:[0-9a-f]{24})?)$/;
const RAW = /^:[0-7]{6} ([0-7]{6}) [0-9a-f]+ [0-9a-f]+ ([A-Z])[0-9]*$/;
// Only regular files hold records: a symbolic link's "line" is its target, a submodule's is a commit id.
const REGULAR = new Set(["100644", "100755"]);
const NUMSTAT = /^([0-9]+|-)\t([0-9]+|-)\t(.*)$/s;

type CommitDiff = {
  sha: string;
  name: string;
  email: string;
  created: Set<string>;
  added: Map<string, number>;
  /** Paths that are not regular files after the commit (links, submodules): never counted. */
  special: Set<string>;
};

/**
 * Who added the records of a dataset folder over a range of commits, walking ONE `git log --raw --numstat` restricted
 * to the folder. Each commit's AUTHOR is credited, never its co-authors: git counts a commit's lines once, so there is
 * no fair way to divide them, and the commit records already credit co-authors for the code. Records are counted as
 * the dataset's format says: lines added to .jsonl files, lines added to .csv files (less the header line of a file
 * the commit creates), or files added. Lines removed are never subtracted: rows someone deleted were still theirs in
 * the versions that held them, and a later version carries earlier contributors over.
 */
export async function gitDatasetContributions(options: GitDatasetContributionsOptions): Promise<GitContribution[]> {
  const totals = new Map<string, GitContribution>();
  const credit = (diff: CommitDiff) => {
    const records = recordsOf(diff, options.format);
    if (records === 0) return;
    const identity = identityOf(diff, options);
    const total = totals.get(identity) ?? { identity, records: 0, commits: 0 };
    total.records += records;
    total.commits++;
    totals.set(identity, total);
  };
  // --end-of-options: a range that looks like an option is a revision. :(literal): the folder name is no glob.
  const args = ["log", ...LOG_OPTIONS, "--end-of-options", options.range, "--", `:(literal)${options.path}`];
  let commit: CommitDiff | undefined;
  // Tokens are NUL-separated; paths are taken by position, so a path may hold any byte git can store.
  let state: "entry" | "name" | "email" | "raw-paths" | "numstat-paths" = "entry";
  let paths: string[] = [];
  let want = 0;
  let status = "";
  let mode = "";
  let added = 0;
  for await (const piece of streamGit(options.repoDir, args, { separator: "\0" })) {
    if (state === "name" || state === "email") {
      if (commit === undefined) throw unexpected();
      if (state === "name") commit.name = piece;
      else commit.email = piece;
      state = state === "name" ? "email" : "entry";
      continue;
    }
    if (state === "raw-paths" || state === "numstat-paths") {
      paths.push(piece);
      if (paths.length < want) continue;
      const path = paths[paths.length - 1] as string;
      if (commit === undefined) throw unexpected();
      if (state === "raw-paths" && status === "A") commit.created.add(path);
      if (state === "raw-paths" && status !== "D" && !REGULAR.has(mode)) commit.special.add(path);
      if (state === "numstat-paths") commit.added.set(path, (commit.added.get(path) ?? 0) + added);
      state = "entry";
      continue;
    }
    const token = piece.startsWith("\n") ? piece.slice(1) : piece;
    if (token === "") continue;
    const header = HEADER.exec(token);
    if (header) {
      if (commit !== undefined) credit(commit);
      commit = { sha: header[1] as string, name: "", email: "", created: new Set(), added: new Map(), special: new Set() };
      state = "name";
      continue;
    }
    if (commit === undefined) throw unexpected();
    const raw = RAW.exec(token);
    if (raw) {
      mode = raw[1] as string;
      status = raw[2] as string;
      // A rename or a copy names its source and its destination; everything else names one path.
      want = status === "R" || status === "C" ? 2 : 1;
      paths = [];
      state = "raw-paths";
      continue;
    }
    const numstat = NUMSTAT.exec(token);
    if (numstat) {
      // "-" is a binary file: no lines.
      added = numstat[1] === "-" ? 0 : Number(numstat[1]);
      if (numstat[3] !== "") {
        commit.added.set(numstat[3] as string, (commit.added.get(numstat[3] as string) ?? 0) + added);
      } else {
        want = 2;
        paths = [];
        state = "numstat-paths";
      }
      continue;
    }
    throw unexpected();
  }
  if (commit !== undefined) credit(commit);
  return [...totals.values()].sort((a, b) => (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));
}

function recordsOf(diff: CommitDiff, format: DatasetFormat): number {
  // Rows of a file the version's manifest skips (a line break or backslash in its name, not UTF-8) are in no
  // version, so they credit no one.
  const counted = (path: string) => !diff.special.has(path) && decodedPathProblem(path) === undefined;
  if (format === "files") return [...diff.created].filter(counted).length;
  const extension = format === "jsonl" ? ".jsonl" : ".csv";
  let records = 0;
  for (const [path, lines] of diff.added) {
    if (!path.toLowerCase().endsWith(extension) || !counted(path)) continue;
    // A new CSV file's first line is its header, as countRecords counts it.
    records += format === "csv" && diff.created.has(path) ? Math.max(lines - 1, 0) : lines;
  }
  return records;
}

function identityOf(diff: CommitDiff, options: GitDatasetContributionsOptions): string {
  const login = options.logins?.get(diff.email.trim().toLowerCase());
  if (login !== undefined) {
    const identity = normaliseIdentity(`github:${login}`);
    if (isIdentity(identity)) return identity;
  }
  return primaryIdentity({ name: diff.name, email: diff.email }, options);
}

function unexpected(): ShouldersError {
  return new ShouldersError("GIT_ERROR", "git log printed output that is not a commit diff; is this git 2.x?");
}
