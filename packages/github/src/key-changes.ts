import type { SignerRegistry } from "@shoulders/ledger";
import { compare } from "./lineage-snapshot.js";

/** A signing key whose authority a merge changes. */
export type KeyChange = { keyid: string; identity: string; change: string };

/**
 * The keys a merge adds or revokes, from the signer registries before and after it. A pending file can never hold a
 * key statement, so these come from log lines a pull request appended itself, which a reviewer must see first: a new
 * key with the `usage` role can report revenue (issue 13, "Replays": a key statement copied from a sister ledger).
 */
export function keyChanges(before: SignerRegistry | undefined, after: SignerRegistry | undefined): KeyChange[] {
  const changes: KeyChange[] = [];
  for (const key of [...(after?.list() ?? [])].sort((a, b) => compare(a.keyid, b.keyid))) {
    if (key.isLogKey) continue;
    const old = before?.get(key.keyid);
    const identity = key.identity;
    if (old === undefined)
      changes.push({ keyid: key.keyid, identity, change: `added at entry ${key.addedAt}, roles: ${key.roles.join(", ") || "none"}` });
    if (key.revokedAt !== undefined && old?.revokedAt === undefined) {
      const since = key.compromisedSince === undefined ? "" : `, compromised since entry ${key.compromisedSince}`;
      changes.push({ keyid: key.keyid, identity, change: `revoked at entry ${key.revokedAt}${since}` });
    }
  }
  return changes;
}
