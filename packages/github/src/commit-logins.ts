import { COMMIT_PREDICATE_TYPE, type CommitsPredicate } from "@shoulders/attribution";
import { isIdentity, normaliseIdentity, type Statement, sha256Hex } from "@shoulders/ledger";

/**
 * Adds the GitHub login GitHub resolved for an address (from a push payload or a pull request's commits) to the
 * commit records that carry that address, first, so lineage and splits name a person the same way in their commits
 * and in the dataset rows they added (which gitDatasetContributions credits to the same login). Statements are
 * changed in place, before they are signed.
 */
export function addGitHubLogins(statements: readonly Statement[], logins: ReadonlyMap<string, string>): void {
  if (logins.size === 0) return;
  const byIdentity = new Map<string, string>();
  for (const [email, login] of logins) {
    const identity = normaliseIdentity(`github:${login}`);
    if (!isIdentity(identity)) continue;
    byIdentity.set(`email:${email}`, identity);
    byIdentity.set(`email-sha256:${sha256Hex(Buffer.from(email, "utf8"))}`, identity);
  }
  for (const statement of statements) {
    if (statement.predicateType !== COMMIT_PREDICATE_TYPE) continue;
    for (const commit of (statement.predicate as CommitsPredicate).commits) {
      for (const person of [commit.author, commit.committer, ...commit.coAuthors, ...commit.signedOffBy]) {
        const login = person.identities.map((identity) => byIdentity.get(identity)).find((found) => found !== undefined);
        // At most 4 identities per person (the predicate's limit); a noreply address already gave the login.
        if (login !== undefined && !person.identities.includes(login) && person.identities.length < 4) person.identities.unshift(login);
      }
    }
  }
}
