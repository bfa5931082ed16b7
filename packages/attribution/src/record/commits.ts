import { STATEMENT_TYPE, type Statement } from "@shoulders/ledger";
import { type CommitInfo, commitSubjectName, readCommits, remoteUrlOf } from "../git/index.js";
import { identitiesOf, type Person } from "../identity/index.js";
import { COMMIT_PREDICATE_TYPE, type CommitRecord, type CommitsPredicate } from "../predicates/index.js";

/** Commits per statement: small enough for one log line, large enough that 100,000 commits need 200 signatures. */
export const COMMITS_PER_STATEMENT = 500;

export type RecordCommitsOptions = {
  repoDir: string;
  /** `A..B`, a single revision (all its ancestors), or HEAD by default. */
  range?: string;
  /** Used as the repository name when the clone has no remote: a local path never goes into the ledger. */
  origin: string;
  /** Commits already in the ledger, by sha: clones agree because commits are deduplicated by digest. */
  recorded: ReadonlySet<string>;
  hashEmails?: boolean;
};

/** Builds the commit statements for every reachable commit that the ledger does not hold yet, in batches. */
export async function commitStatements(
  options: RecordCommitsOptions,
): Promise<{ statements: Statement[]; commits: number; ledgerOnly: number }> {
  const repository = remoteUrlOf(options.repoDir) ?? options.origin;
  const statements: Statement[] = [];
  let batch: CommitRecord[] = [];
  let commits = 0;
  let ledgerOnly = 0;
  const flush = () => {
    if (batch.length === 0) return;
    const predicate: CommitsPredicate = { repository, commits: batch };
    statements.push({
      _type: STATEMENT_TYPE,
      subject: batch.map((commit) => ({ name: commitSubjectName(repository, commit.sha), digest: { gitCommit: commit.sha } })),
      predicateType: COMMIT_PREDICATE_TYPE,
      predicate,
    });
    batch = [];
  };
  for await (const info of readCommits(options.repoDir, {
    ...(options.range === undefined ? {} : { range: options.range }),
    skip: options.recorded,
  })) {
    const record = commitRecord(info, options.hashEmails === true);
    if (record.ledgerOnly) ledgerOnly++;
    batch.push(record);
    commits++;
    if (batch.length === COMMITS_PER_STATEMENT) flush();
  }
  flush();
  return { statements, commits, ledgerOnly };
}

function commitRecord(info: CommitInfo, hashEmails: boolean): CommitRecord {
  const person = (who: Person) => ({
    ...(hashEmails ? {} : { name: who.name.slice(0, 300) }),
    identities: identitiesOf(who, { hashEmails }),
  });
  const ledgerOnly = info.paths.length > 0 && info.paths.every((path) => path === ".attribution" || path.startsWith(".attribution/"));
  return {
    sha: info.sha,
    parents: info.parents,
    author: person(info.author),
    committer: person(info.committer),
    coAuthors: info.coAuthors.map(person),
    signedOffBy: info.signedOffBy.map(person),
    authoredAt: info.authoredAt,
    committedAt: info.committedAt,
    stats: info.stats,
    ...(ledgerOnly ? { ledgerOnly: true as const } : {}),
  };
}
