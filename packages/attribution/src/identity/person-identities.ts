import { isIdentity, normaliseIdentity, sha256Hex } from "@shoulders/ledger";

/** A git author, committer or trailer person, exactly as git printed them (attacker input). */
export type Person = { name: string; email: string };

export type IdentityOptions = {
  /** Record `email-sha256:` instead of `email:`. The log can never forget, so hashing is the privacy option. */
  hashEmails?: boolean;
};

// GitHub's private commit addresses name the account itself, so they map to the account and never to an address.
const NOREPLY_WITH_ID = /^([0-9]+)\+([^@]+)@users\.noreply\.github\.com$/;
const NOREPLY_LOGIN_ONLY = /^([^@+]+)@users\.noreply\.github\.com$/;

/** The identities (docs/format.md, "Signers") a git person maps to, most specific first; never empty, always valid. */
export function identitiesOf(person: Person, options: IdentityOptions = {}): string[] {
  const address = person.email.trim().toLowerCase();
  const github = githubIdentities(address);
  if (github.length > 0) return github;
  const plain = normaliseIdentity(`email:${address}`);
  // An address that is no valid identity (Unicode, no @, empty) is still a party: hash it rather than record
  // something verifiers would refuse.
  if (options.hashEmails !== true && isIdentity(plain)) return [plain];
  return [`email-sha256:${sha256Hex(Buffer.from(address, "utf8"))}`];
}

/** The one identity to credit a person with: the numeric GitHub id when known, because logins can be renamed. */
export function primaryIdentity(person: Person, options: IdentityOptions = {}): string {
  return identitiesOf(person, options)[0]!;
}

function githubIdentities(address: string): string[] {
  const withId = NOREPLY_WITH_ID.exec(address);
  const candidates = withId
    ? [`github-id:${withId[1]}`, `github:${withId[2]}`]
    : [NOREPLY_LOGIN_ONLY.exec(address)].flatMap((match) => (match ? [`github:${match[1]}`] : []));
  return candidates.filter(isIdentity);
}
