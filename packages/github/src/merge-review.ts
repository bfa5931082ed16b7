import { ownerParty } from "@shoulders/attribution";
import type { Statement } from "@shoulders/ledger";
import { describeStatement } from "./describe-statement.js";
import { type KeyChange, keyChanges } from "./key-changes.js";
import type { PendingPreview } from "./pending-preview.js";
import type { LedgerState } from "./preview-merge.js";
import { type PayoutChange, type RevenueChange, revenueChanges } from "./revenue-changes.js";

/** A pending file the merge will not integrate; `statement` and `author` when its envelope could still be decoded. */
export type RejectedPending = { file: string; code?: string; message: string; statement?: Statement; author?: string };

/** One statement a merge brings, decoded for a reviewer. Strings are attacker input, escaped when rendered. */
export type ReviewedStatement = {
  /** A pending file's path, or "log entry N" for a line the pull request appended to the log itself. */
  source: string;
  type: string;
  /** The keyid of its first signature: its author. */
  author?: string;
  /** Who the log says that key is; "log" for the owner's log key; absent for a key the log does not know. */
  authorIdentity?: string;
  claim: string;
  /** It touches receipts, policies, keys or identity links. */
  money: boolean;
  /** What the merge does with it: "entry N", or why it is not recorded. */
  outcome: string;
  recorded: boolean;
};

export type MergeReview = {
  statements: ReviewedStatement[];
  revenue: RevenueChange[];
  payouts: PayoutChange[];
  keys: KeyChange[];
  problems: string[];
};

/**
 * Everything a merge brings that moves money or trust, and every statement it brings, for the PR bot (issue 13,
 * "Reviewers see the money"): the pending files it integrates and those it leaves pending, lines a pull request
 * appended to the log itself, keys added or revoked, and the revenue and payouts of every reported period that change.
 */
export function mergeReview(input: {
  before: LedgerState;
  after: LedgerState;
  statements: readonly PendingPreview[];
  rejected: readonly RejectedPending[];
}): MergeReview {
  const registry = input.after.index?.registry ?? input.before.index?.registry;
  const identityOf = (keyid: string | undefined) => (keyid === undefined ? undefined : registry?.get(keyid)?.identity);
  const reviewed = (
    source: string,
    statement: Statement,
    author: string | undefined,
    identity: string | undefined,
    outcome: { text: string; recorded: boolean },
  ): ReviewedStatement => ({
    source,
    ...describeStatement(statement),
    ...(author === undefined ? {} : { author }),
    ...(identity === undefined ? {} : { authorIdentity: identity }),
    outcome: outcome.text,
    recorded: outcome.recorded,
  });

  const statements: ReviewedStatement[] = [];
  const pendingIndexes = new Set<number>();
  for (const pending of input.statements) {
    pendingIndexes.add(pending.index);
    statements.push(
      reviewed(pending.file, pending.statement, pending.author, pending.authorIdentity, { text: `entry ${pending.index}`, recorded: true }),
    );
  }
  for (const rejected of input.rejected) {
    const outcome = { text: `${rejected.code === undefined ? "" : `${rejected.code}: `}${rejected.message}`, recorded: false };
    if (rejected.statement !== undefined)
      statements.push(reviewed(rejected.file, rejected.statement, rejected.author, identityOf(rejected.author), outcome));
    else
      statements.push({
        source: rejected.file,
        type: "unreadable pending file",
        claim: "—",
        money: true,
        outcome: outcome.text,
        recorded: false,
      });
  }
  // Receipts and policies a pull request appended as log lines, not as pending files: the log verified, so they count.
  const appended = [...(input.after.index?.usage ?? []), ...[...(input.after.index?.policies.values() ?? [])].flat()]
    .filter((entry) => entry.index >= input.before.snapshot.treeSize && !pendingIndexes.has(entry.index))
    .sort((a, b) => a.index - b.index);
  for (const entry of appended) {
    const author = entry.author ?? entry.signers[0];
    statements.push(
      reviewed(`log entry ${entry.index}`, entry.statement, author, identityOf(author), {
        text: "appended to the log by the pull request itself",
        recorded: true,
      }),
    );
  }

  const origin = input.after.snapshot.origin ?? input.before.snapshot.origin;
  const money =
    origin === undefined
      ? { revenue: [], payouts: [], problems: [] }
      : revenueChanges(input.before.index, input.after.index, ownerParty(origin));
  return { statements, ...money, keys: keyChanges(input.before.index?.registry, input.after.index?.registry) };
}
