import { ShouldersError, STATEMENT_TYPE, type Statement } from "@shoulders/ledger";
import { type CommitInfo, commitSubjectName, headCommit, readCommits, remoteUrlOf, unrecordedAncestors } from "../git/index.js";
import { identitiesOf, type Person } from "../identity/index.js";
import {
  COMMIT_PREDICATE_TYPE,
  type CommitRecord,
  type CommitsPredicate,
  CommitsPredicateSchema,
  MAX_CO_AUTHORS,
  MAX_SIGN_OFFS,
} from "../predicates/index.js";
import { withGitHubLogins } from "./commit-logins.js";
import type { NonCodePaths } from "./non-code-paths.js";

/** Commits per statement: small enough for one log line, large enough that 100,000 commits need 200 signatures. */
export const COMMITS_PER_STATEMENT = 500;
/**
 * The JSON payload of one commit statement, at most. A log line holds 1 MiB (docs/format.md, "Limits"); base64 makes
 * 640 KiB into 874 KB and leaves room for eight signatures and the ledger binding. Long trailers fill a line long
 * before 500 commits do, so batches end at whichever limit comes first and every push stays recordable.
 */
export const COMMIT_STATEMENT_BYTES = 640 * 1024;

export type RecordCommitsOptions = {
  repoDir: string;
  /** `A..B` or any range git reads: the commits in it not yet recorded, and nothing below it. */
  range?: string;
  /** Without a range: every commit reachable from this revision (HEAD by default) that the ledger does not hold. */
  upTo?: string;
  /** Used as the repository name when the clone has no remote: a local path never goes into the ledger. */
  origin: string;
  /** Commits already in the ledger, by sha: clones agree because commits are deduplicated by digest. */
  recorded: ReadonlySet<string>;
  hashEmails?: boolean;
  /** Author e-mail → GitHub login (loginsFromPush), added before the records are measured and batched. */
  logins?: ReadonlyMap<string, string>;
  /** What is not code (nonCodePaths): by default the ledger at the top and no dataset folders. */
  paths?: NonCodePaths;
};

/** Trailers a commit had beyond what its record holds (MAX_CO_AUTHORS, MAX_SIGN_OFFS): dropped, and said. */
export type CappedCommit = { sha: string; coAuthors: number; signedOffBy: number };

/** One line for a commit whose extra trailers were dropped, for the CLI and the record action to print. */
export function cappedMessage(capped: CappedCommit): string {
  const dropped = [
    ...(capped.coAuthors > 0 ? [`${capped.coAuthors} co-author(s) beyond the ${MAX_CO_AUTHORS} that share its credit`] : []),
    ...(capped.signedOffBy > 0 ? [`${capped.signedOffBy} sign-off(s) beyond ${MAX_SIGN_OFFS}`] : []),
  ];
  return `commit ${capped.sha.slice(0, 12)}: ${dropped.join(" and ")} were not recorded (docs/revenue-split.md, "Code credit and co-authors")`;
}

export type CommitStatements = {
  statements: Statement[];
  commits: number;
  ledgerOnly: number;
  dataOnly: number;
  capped: CappedCommit[];
};

/**
 * Builds the commit statements for the commits the ledger does not hold yet, in batches of at most 500 commits and
 * COMMIT_STATEMENT_BYTES, each checked against the commits schema before anyone signs it.
 */
export async function commitStatements(options: RecordCommitsOptions): Promise<CommitStatements> {
  const repository = remoteUrlOf(options.repoDir) ?? options.origin;
  const paths = options.paths ?? { ledger: ".attribution", datasets: [] };
  const addLogins = withGitHubLogins(options.logins ?? new Map());
  const result: CommitStatements = { statements: [], commits: 0, ledgerOnly: 0, dataOnly: 0, capped: [] };
  const empty = statementOf(repository, []);
  const emptyBytes = Buffer.byteLength(JSON.stringify(empty));
  let batch: CommitRecord[] = [];
  let bytes = emptyBytes;
  const flush = () => {
    if (batch.length === 0) return;
    result.statements.push(statementOf(repository, batch));
    batch = [];
    bytes = emptyBytes;
  };
  for await (const info of commitsToRead(options)) {
    const { record, capped } = commitRecord(info, options.hashEmails === true, paths);
    addLogins(record);
    if (capped !== undefined) result.capped.push(capped);
    if (record.ledgerOnly) result.ledgerOnly++;
    if (record.dataOnly) result.dataOnly++;
    // The record, its subject, and a comma in each list.
    const size = Buffer.byteLength(JSON.stringify(record)) + Buffer.byteLength(JSON.stringify(subjectOf(repository, record.sha))) + 2;
    if (batch.length === COMMITS_PER_STATEMENT || (batch.length > 0 && bytes + size > COMMIT_STATEMENT_BYTES)) flush();
    batch.push(record);
    bytes += size;
    result.commits++;
  }
  flush();
  return result;
}

function commitsToRead(options: RecordCommitsOptions): AsyncGenerator<CommitInfo> {
  if (options.range !== undefined) return readCommits(options.repoDir, { range: options.range, skip: options.recorded });
  return (async function* () {
    // A repository before its first commit has no history, which is not an error unless a revision was named.
    if (options.upTo === undefined && headCommit(options.repoDir) === undefined) return;
    const missing = await unrecordedAncestors(options.repoDir, options.upTo ?? "HEAD", options.recorded);
    yield* readCommits(options.repoDir, { commits: missing });
  })();
}

function subjectOf(repository: string, sha: string) {
  return { name: commitSubjectName(repository, sha), digest: { gitCommit: sha } };
}

function statementOf(repository: string, commits: CommitRecord[]): Statement {
  const predicate: CommitsPredicate = { repository, commits };
  if (commits.length > 0) {
    // Refused here, naming the commit, rather than after signing, where a reader would drop the whole batch.
    const checked = CommitsPredicateSchema.safeParse(predicate);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const at = issue?.path[0] === "commits" && typeof issue.path[1] === "number" ? commits[issue.path[1]]?.sha : undefined;
      throw new ShouldersError(
        "PREDICATE_INVALID",
        `commits${at === undefined ? "" : ` (commit ${at})`}: ${issue?.path.slice(2).join(".") ?? ""} ${issue?.message ?? "invalid"}`.trim(),
      );
    }
  }
  return {
    _type: STATEMENT_TYPE,
    subject: commits.map((commit) => subjectOf(repository, commit.sha)),
    predicateType: COMMIT_PREDICATE_TYPE,
    predicate,
  };
}

function commitRecord(info: CommitInfo, hashEmails: boolean, paths: NonCodePaths): { record: CommitRecord; capped?: CappedCommit } {
  const person = (who: Person) => ({
    ...(hashEmails ? {} : { name: who.name.slice(0, 300) }),
    identities: identitiesOf(who, { hashEmails }),
  });
  const author = person(info.author);
  // A commit is one unit of credit shared by its author and distinct co-authors: a repeated trailer, or the author
  // naming themself, adds no one. Beyond MAX_CO_AUTHORS the trailers are dropped (and reported), never fatal.
  const seen = new Set([author.identities[0]]);
  const coAuthors: CommitRecord["coAuthors"] = [];
  for (const who of info.coAuthors.map(person)) {
    if (seen.has(who.identities[0])) continue;
    seen.add(who.identities[0]);
    coAuthors.push(who);
  }
  const kind = commitKind(info.paths, paths);
  const record: CommitRecord = {
    sha: info.sha,
    parents: info.parents,
    author,
    committer: person(info.committer),
    coAuthors: coAuthors.slice(0, MAX_CO_AUTHORS),
    signedOffBy: info.signedOffBy.slice(0, MAX_SIGN_OFFS).map(person),
    authoredAt: info.authoredAt,
    committedAt: info.committedAt,
    stats: info.stats,
    ...(kind === "ledger" ? { ledgerOnly: true as const } : {}),
    ...(kind === "data" ? { dataOnly: true as const } : {}),
  };
  const dropped = {
    coAuthors: Math.max(coAuthors.length - MAX_CO_AUTHORS, 0),
    signedOffBy: Math.max(info.signedOffBy.length - MAX_SIGN_OFFS, 0),
  };
  return dropped.coAuthors + dropped.signedOffBy === 0 ? { record } : { record, capped: { sha: info.sha, ...dropped } };
}

/**
 * "ledger" for a commit that only touches the ledger (the record action's bookkeeping: recorded so that ancestry stays
 * connected, credited to nobody), "data" for one that only touches declared dataset folders (and the ledger): a data
 * contribution, credited by the dataset version that holds its records, never as code authorship.
 */
function commitKind(changed: readonly string[], paths: NonCodePaths): "ledger" | "data" | "code" {
  const inside = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);
  if (changed.length === 0) return "code";
  const outsideLedger = changed.filter((path) => !inside(path, paths.ledger));
  if (outsideLedger.length === 0) return "ledger";
  return outsideLedger.every((path) => paths.datasets.some((folder) => inside(path, folder))) ? "data" : "code";
}
