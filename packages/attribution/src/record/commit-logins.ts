import { isIdentity, normaliseIdentity, sha256Hex } from "@shoulders/ledger";
import type { CommitRecord } from "../predicates/index.js";

/**
 * Adds the GitHub login GitHub resolved for an address (from a push payload or a pull request's commits) to the
 * people of a commit record who carry that address, first, so lineage and splits name a person the same way in their
 * commits and in the dataset rows they added (which gitDatasetContributions credits to the same login). Returns the
 * function that changes one record in place, before it is measured, batched and signed.
 */
export function withGitHubLogins(logins: ReadonlyMap<string, string>): (commit: CommitRecord) => void {
  const byIdentity = new Map<string, string>();
  for (const [email, login] of logins) {
    const identity = normaliseIdentity(`github:${login}`);
    if (!isIdentity(identity)) continue;
    byIdentity.set(`email:${email}`, identity);
    byIdentity.set(`email-sha256:${sha256Hex(Buffer.from(email, "utf8"))}`, identity);
  }
  return (commit) => {
    if (byIdentity.size === 0) return;
    for (const person of [commit.author, commit.committer, ...commit.coAuthors, ...commit.signedOffBy]) {
      const login = person.identities.map((identity) => byIdentity.get(identity)).find((found) => found !== undefined);
      // At most 4 identities per person (the predicate's limit); a noreply address already gave the login.
      if (login !== undefined && !person.identities.includes(login) && person.identities.length < 4) person.identities.unshift(login);
    }
  };
}
