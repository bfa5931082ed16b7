import { z } from "zod";
import { Count, GitSha, Identity, PREDICATE_BASE, Timestamp } from "./common.js";

export const COMMIT_PREDICATE_TYPE = `${PREDICATE_BASE}/commits/v1`;

/**
 * Co-authors that share a commit's credit with its author (docs/revenue-split.md, "Code credit and co-authors"):
 * writers record at most this many, and readers count at most this many, so invented trailers cannot take more than
 * 16/17 of the one commit they sit on.
 */
export const MAX_CO_AUTHORS = 16;
/** Sign-offs a record holds: the schema's own limit, so that a commit with more still records. */
export const MAX_SIGN_OFFS = 100;

const Person = z.object({
  /** Omitted when e-mails are hashed: the log can never forget, so privacy mode records no names either. */
  name: z.string().max(300).optional(),
  identities: z.array(Identity).min(1).max(4),
});

export const CommitRecordSchema = z.object({
  sha: GitSha,
  parents: z.array(GitSha).max(64),
  author: Person,
  committer: Person,
  coAuthors: z.array(Person).max(100),
  signedOffBy: z.array(Person).max(100),
  authoredAt: Timestamp,
  committedAt: Timestamp,
  stats: z.object({ files: Count, insertions: Count, deletions: Count }),
  /**
   * Set on commits that only touch .attribution/: the ledger's own bookkeeping, made by the record action. They are
   * recorded so that ancestry stays connected, and credited to nobody.
   */
  ledgerOnly: z.literal(true).optional(),
  /**
   * Set on commits that only touch the dataset folders declared in .attribution/config.yaml (and the ledger): data
   * contributions, credited by the dataset versions that hold their records and never as code authorship.
   */
  dataOnly: z.literal(true).optional(),
});

/**
 * A batch of commits: one statement holds many, so that recording a 100,000-commit history costs a few hundred
 * signatures and not 100,000. Subject i is `git+<repository>@<sha>` with digest gitCommit, in the order of `commits`.
 */
export const CommitsPredicateSchema = z.object({
  repository: z.string().min(1).max(300),
  commits: z.array(CommitRecordSchema).min(1).max(2000),
});

export type CommitRecord = z.infer<typeof CommitRecordSchema>;

/**
 * Whether a commit is code authorship: not the ledger's bookkeeping, not only data, and a change of at least one file
 * by one parent. An empty commit changes nothing, and a merge's changes are the commits it merges, credited as
 * themselves: otherwise empty commits and merges would be free units of code credit.
 */
export function isCodeCommit(commit: CommitRecord): boolean {
  return commit.ledgerOnly !== true && commit.dataOnly !== true && commit.stats.files > 0 && commit.parents.length <= 1;
}
export type CommitsPredicate = z.infer<typeof CommitsPredicateSchema>;
