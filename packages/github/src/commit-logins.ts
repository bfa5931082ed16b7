import { COMMIT_PREDICATE_TYPE, type CommitsPredicate, withGitHubLogins } from "@shoulders/attribution";
import type { Statement } from "@shoulders/ledger";

/**
 * Adds the GitHub login GitHub resolved for an address to the commit records of statements that carry that address
 * (see withGitHubLogins). Statements are changed in place, before they are signed; recording passes the logins to
 * commitStatements instead, so that batches are measured with them.
 */
export function addGitHubLogins(statements: readonly Statement[], logins: ReadonlyMap<string, string>): void {
  const add = withGitHubLogins(logins);
  for (const statement of statements) {
    if (statement.predicateType !== COMMIT_PREDICATE_TYPE) continue;
    for (const commit of (statement.predicate as CommitsPredicate).commits) add(commit);
  }
}
