import { isIdentity, normaliseIdentity, parseIdentity, ShouldersError, sha256Hex } from "@shoulders/ledger";
import type { AttributionIndex } from "../attribution-index.js";
import { queryGit } from "../git/index.js";
import { identitiesOf, isAddress, partyNames } from "../identity/index.js";

export type RunTrainerInput = {
  /** The trainer the caller names, if any. */
  trainer?: string;
  index: AttributionIndex;
  /** The key that signs the run. */
  keyid: string;
  /** Where git's user.email is read: the ledger's folder. */
  dir: string;
  /** The environment: on a GitHub Actions runner, GITHUB_ACTOR is the login that started the run. */
  env?: Readonly<Record<string, string | undefined>>;
};

/**
 * Who trained, and so who is credited for the run: the trainer given, else the same public identity their commits
 * carry (issue 13 §8). That is the identity the log declares for the signing key, the GitHub login that started a
 * GitHub Actions run, or the login git's user.email leads to: a GitHub noreply address names it, and otherwise a link
 * (`shoulders trust link`) or the recorded commits (where the record action added the login GitHub gave for the
 * address) do. An e-mail address is a way to find the login, never recorded itself: it would leak, in a public log
 * that cannot forget, and pay nobody a platform can pay. A log key speaks for the ledger, not a person, so it names no
 * trainer. When nothing leads to a login the caller is asked to name the trainer.
 */
export function runTrainer(input: RunTrainerInput): string {
  if (input.trainer !== undefined) return parseIdentity(input.trainer, "`trainer`");
  const declared = input.index.signerIdentity(input.keyid);
  const candidates = [
    () => (declared === undefined || declared === "log" ? undefined : publicIdentity(input.index, declared)),
    () => actorLogin(input.env ?? {}),
    () => gitUserLogin(input.index, input.dir),
  ];
  for (const candidate of candidates) {
    const found = candidate();
    if (found !== undefined) return found;
  }
  throw new ShouldersError(
    "USAGE",
    "pass `trainer` (e.g. github:tomo): no GitHub login is known for you (your key has no public identity in the log, and git's user.email is no GitHub noreply address, is linked to no login and is on no recorded commit with one); an e-mail address is never recorded as a trainer",
  );
}

/** A person's public identity: itself unless it is an address, else what a link or the recorded commits give for it. */
function publicIdentity(index: AttributionIndex, identity: string): string | undefined {
  const named = partyNames(index)(identity);
  if (!isAddress(named)) return named;
  return identity.startsWith("email:") ? loginOnCommits(index, identity.slice("email:".length)) : undefined;
}

function actorLogin(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.GITHUB_ACTIONS !== "true" || env.GITHUB_ACTOR === undefined) return undefined;
  const login = normaliseIdentity(`github:${env.GITHUB_ACTOR}`);
  // A bot (a scheduled run's github-actions[bot], dependabot) trains nothing: it is no one to pay.
  return isIdentity(login) && !login.endsWith("[bot]") ? login : undefined;
}

function gitUserLogin(index: AttributionIndex, dir: string): string | undefined {
  const email = queryGit(dir, ["config", "user.email"])?.trim();
  if (!email) return undefined;
  const identities = identitiesOf({ name: "", email });
  // A noreply address names the account: the login, as commits are shown (a numeric id reads as no one).
  const login = identities.find((identity) => identity.startsWith("github:") && !identity.endsWith("[bot]"));
  if (login !== undefined) return login;
  if (identities.some((identity) => identity.startsWith("github"))) return undefined;
  const linked = partyNames(index)(identities[0] as string);
  return isAddress(linked) ? loginOnCommits(index, email) : linked;
}

/**
 * The one GitHub login that recorded commits pair with this address. Several logins for one address is a conflict
 * nobody should resolve by guessing (a recorded commit could claim anyone's address), so it is refused.
 */
function loginOnCommits(index: AttributionIndex, email: string): string | undefined {
  const address = email.trim().toLowerCase();
  const forms = new Set([`email:${address}`, `email-sha256:${sha256Hex(Buffer.from(address, "utf8"))}`]);
  const logins = new Set<string>();
  for (const { commit } of index.commits.values()) {
    for (const person of [commit.author, commit.committer, ...commit.coAuthors]) {
      if (!person.identities.some((identity) => forms.has(identity))) continue;
      for (const identity of person.identities) if (identity.startsWith("github:") && !identity.endsWith("[bot]")) logins.add(identity);
    }
  }
  if (logins.size > 1) {
    throw new ShouldersError(
      "USAGE",
      `pass \`trainer\`: recorded commits pair your git user.email with several GitHub logins (${[...logins].sort().join(", ")})`,
    );
  }
  return [...logins][0];
}
