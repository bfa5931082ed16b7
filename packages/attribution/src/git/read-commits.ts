import { isShouldersError, ShouldersError } from "@shoulders/ledger";
import type { Person } from "../identity/person-identities.js";
import { headCommit } from "./head-commit.js";
import { type Spawn, streamGitBatches } from "./run-git.js";

export type CommitInfo = {
  sha: string;
  parents: string[];
  author: Person;
  committer: Person;
  /** ISO 8601 in UTC, to the second: `2026-11-03T10:00:00Z`. */
  authoredAt: string;
  committedAt: string;
  /** `Co-authored-by:` trailers, as GitHub reads them. */
  coAuthors: Person[];
  signedOffBy: Person[];
  /** Against the first parent; zero for merges. A binary file counts as a file with no lines, a rename as one file. */
  stats: { files: number; insertions: number; deletions: number };
  /** Every path the commit touched; a rename contributes both its old and its new path. */
  paths: string[];
  subject: string;
};

export type ReadCommitsOptions = {
  /** `v1..HEAD`, `abc..def`, or one revision for it and all its ancestors; HEAD when absent. */
  range?: string;
  /** Commits already recorded: read, but not yielded. */
  skip?: ReadonlySet<string>;
  /** Exactly these commits, in this order, instead of a range (see unrecordedAncestors). */
  commits?: readonly string[];
  spawn?: Spawn;
};

// One record per commit: a \x1e mark, then fields split by NUL. NUL is the one byte git cannot print inside a name,
// address or message (it cuts them there), so any other character in them is safe. Trailer values, split by \x1f,
// sit in fields of their own, so a \x1f inside one can only split that field.
const FIELDS = [
  "%H",
  "%P",
  "%an",
  "%ae",
  "%at",
  "%cn",
  "%ce",
  "%ct",
  "%s",
  "%(trailers:key=Co-authored-by,valueonly,unfold,separator=%x1f)",
  "%(trailers:key=Signed-off-by,valueonly,unfold,separator=%x1f)",
];
const FORMAT = `%x1e${FIELDS.join("%x00")}`;

/**
 * `git log` options that make its output independent of the user's config: signatures, textconv and external diff
 * drivers print or run other things, and diff.renames=false would count a rename as two files. Merges add nothing of
 * their own, and the root commit's files count.
 */
export const STABLE_LOG_OPTIONS = [
  "-z",
  "--no-color",
  "--encoding=UTF-8",
  "--no-show-signature",
  "--no-textconv",
  "--no-ext-diff",
  "--root",
  "--diff-merges=off",
  "-M",
] as const;

const LOG_OPTIONS = [
  ...STABLE_LOG_OPTIONS,
  "--reverse",
  // Parents before children, whatever the clocks said.
  "--topo-order",
  "--numstat",
  `--format=${FORMAT}`,
];

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
const SECONDS = /^-?[0-9]{1,15}$/;
// With -z the first numstat entry of a commit follows a newline; a rename has an empty path and two more tokens.
const NUMSTAT = /^\n?([0-9]+|-)\t([0-9]+|-)\t(.*)$/s;

/**
 * Reads the commits of a range, parents first, with ONE `git log` process for the whole history, whatever its size.
 * A repository without commits has no history, which is not an error unless a range was asked for.
 */
export async function* readCommits(repoDir: string, options: ReadCommitsOptions = {}): AsyncGenerator<CommitInfo> {
  if (options.commits !== undefined) {
    if (options.commits.length === 0) return;
    // --stdin: a long history's ids would not fit on a command line; --no-walk=unsorted keeps the caller's order.
    const args = ["log", ...STABLE_LOG_OPTIONS, "--numstat", `--format=${FORMAT}`, "--no-walk=unsorted", "--stdin", "--"];
    const input = `${options.commits.join("\n")}\n`;
    yield* parseLog(streamGitBatches(repoDir, args, { separator: "\0", input, spawn: options.spawn }), options.skip);
    return;
  }
  // --end-of-options: a range such as `--output=file` is a revision name, never an option that writes files.
  const args = ["log", ...LOG_OPTIONS, "--end-of-options", options.range ?? "HEAD", "--"];
  try {
    yield* parseLog(streamGitBatches(repoDir, args, { separator: "\0", spawn: options.spawn }), options.skip);
  } catch (error) {
    if (options.range === undefined && isShouldersError(error) && error.code === "GIT_ERROR" && headCommit(repoDir) === undefined) return;
    throw error;
  }
}

async function* parseLog(batches: AsyncGenerator<string[]>, skip: ReadonlySet<string> | undefined): AsyncGenerator<CommitInfo> {
  let batch: string[] = [];
  let at = 0;
  // Synchronous within a batch: a 100,000-commit log has over a million tokens.
  const next = async (): Promise<string | undefined> => {
    while (at === batch.length) {
      const result = await batches.next();
      if (result.done) return undefined;
      batch = result.value;
      at = 0;
    }
    return batch[at++];
  };
  try {
    let token = await next();
    while (token !== undefined) {
      if (token === "") {
        token = await next(); // the terminator after the last record
        continue;
      }
      if (!token.startsWith("\x1e")) throw unexpected();
      const fields = [token.slice(1)];
      while (fields.length < FIELDS.length) fields.push((await next()) ?? throwUnexpected());
      const stats = { files: 0, insertions: 0, deletions: 0 };
      const paths: string[] = [];
      for (token = await next(); token !== undefined; token = await next()) {
        const entry = NUMSTAT.exec(token);
        if (!entry) break;
        stats.files += 1;
        stats.insertions += lineCount(entry[1]!);
        stats.deletions += lineCount(entry[2]!);
        if (entry[3] === "") paths.push((await next()) ?? throwUnexpected(), (await next()) ?? throwUnexpected());
        else paths.push(entry[3]!);
      }
      if (skip?.has(fields[0]!) !== true) yield toCommit(fields, stats, paths);
    }
  } finally {
    await batches.return(undefined); // stops git when the caller stops early
  }
}

function toCommit(fields: string[], stats: CommitInfo["stats"], paths: string[]): CommitInfo {
  const [sha, parents, authorName, authorEmail, authorTime, committerName, committerEmail, committerTime, subject, coAuthors, signedOff] =
    fields as [string, string, string, string, string, string, string, string, string, string, string];
  const parentList = parents === "" ? [] : parents.split(" ");
  if (!SHA.test(sha) || !parentList.every((parent) => SHA.test(parent))) throw unexpected();
  return {
    sha,
    parents: parentList,
    author: { name: authorName, email: authorEmail },
    committer: { name: committerName, email: committerEmail },
    authoredAt: isoSeconds(authorTime, sha, "author"),
    committedAt: isoSeconds(committerTime, sha, "committer"),
    coAuthors: trailerPeople(coAuthors),
    signedOffBy: trailerPeople(signedOff),
    stats,
    paths,
    subject,
  };
}

function lineCount(text: string): number {
  return text === "-" ? 0 : Number(text); // "-": a binary file
}

// A commit with an unreadable ident (git fsck calls it broken) has no date to record; we say which commit rather than
// invent one. A range that starts after it reads on.
function isoSeconds(seconds: string, sha: string, role: string): string {
  const date = new Date(Number(seconds) * 1000);
  if (!SECONDS.test(seconds) || Number.isNaN(date.getTime())) {
    throw new ShouldersError("GIT_ERROR", `commit ${sha} has no valid ${role} date; git fsck reports it as broken`);
  }
  return date.toISOString().replace(".000Z", "Z");
}

// "Name <address>" as git and GitHub write them; a bare address is accepted, anything else is not a person.
const NAMED = /^(.*?)\s*<([^<>]*)>$/s;
const BARE = /^[^\s<>@]+@[^\s<>@]+$/;

function trailerPeople(field: string): Person[] {
  return field.split("\x1f").flatMap((value) => {
    const text = value.trim();
    const named = NAMED.exec(text);
    if (named) return [{ name: named[1]!, email: named[2]!.trim() }];
    return BARE.test(text) ? [{ name: "", email: text }] : [];
  });
}

function unexpected(): ShouldersError {
  return new ShouldersError("GIT_ERROR", "git log printed output in a form this version cannot read");
}

function throwUnexpected(): never {
  throw unexpected();
}
