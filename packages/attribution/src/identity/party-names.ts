import type { AttributionIndex } from "../attribution-index.js";

/**
 * Schemes by how publicly, and how payably, they name someone, most public first. An address comes last and its hash
 * before it: a party linked to an e-mail address is shown under its GitHub or Hugging Face account, never under the
 * address (issue 13 §8: identities that can be paid and do not leak).
 */
const PUBLIC_ORDER = ["github", "github-id", "hf", "ci", "email-sha256", "email"];

function rank(identity: string): number {
  const position = PUBLIC_ORDER.indexOf(identity.slice(0, identity.indexOf(":")));
  return position === -1 ? PUBLIC_ORDER.length : position;
}

/** The most public of some identities: by scheme (PUBLIC_ORDER), then the bytewise smallest, so any reader agrees. */
export function mostPublic(identities: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const identity of identities) {
    if (best === undefined || rank(identity) < rank(best) || (rank(identity) === rank(best) && identity < best)) best = identity;
  }
  return best;
}

/** Whether an identity is an e-mail address, raw or hashed: a way to find someone, not a name to show or record. */
export function isAddress(identity: string): boolean {
  return identity.startsWith("email:") || identity.startsWith("email-sha256:");
}

/**
 * Names parties as readers show them: identities linked with `shoulders trust link` are one party (the registry's), and
 * that party is shown under its most public identity rather than the bytewise smallest one, which is often an e-mail
 * address (`email:` sorts before `github:`). "log" is the ledger's owner.
 */
export function partyNames(index: AttributionIndex, owner?: string): (identity: string) => string {
  const registry = index.registry;
  const names = new Map<string, string>();
  if (registry !== undefined) {
    for (const identity of index.linkedIdentities) {
      const party = registry.party(identity);
      names.set(party, mostPublic([names.get(party) ?? party, identity]) as string);
    }
  }
  return (identity) => {
    if (identity === "log" && owner !== undefined) return owner;
    const party = registry?.party(identity) ?? identity;
    return names.get(party) ?? party;
  };
}
