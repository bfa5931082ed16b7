import { fromBase64 } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { keyIdOf } from "../keys/keyid.js";
import { normaliseIdentity } from "./identity.js";
import type { KeyPredicate } from "./key-statement.js";
import type { Trust } from "./trust-file.js";

export type KeyRecord = {
  keyid: string;
  publicKey: Uint8Array;
  identity: string;
  roles: string[];
  /** Index of the entry that added the key, or -1 for a log key from trust.json. */
  addedAt: number;
  revokedAt?: number;
  /** A log key rotated out in trust.json: it authorises entries below this index only. */
  retiredAt?: number;
  compromisedSince?: number;
  isLogKey: boolean;
};

export type Authorisation = "authorised" | "compromised" | "revoked" | "retired" | "not-yet-added" | "unknown";

/**
 * What the log holds before an entry, as checkEntry needs it: who may sign (docs/format.md, "Signers"), replayed from
 * the root and the key statements in log order, and which statements are already in (a statement enters once). The
 * registry answers for entry i only from entries at indices below i. Log keys come only from trust.json: current keys
 * sign at any index, retired keys below their `retiredAt`.
 */
export class SignerRegistry {
  /** The log's origin: every statement in it is bound to this name (docs/format.md, "Bound to one ledger"). */
  readonly origin: string;
  private readonly keys = new Map<string, KeyRecord>();
  /** The index of each statement in the log, by the SHA-256 of its payload (as a binary string: half the memory). */
  private readonly statements = new Map<string, number>();
  /** Keyids revoked before the log added them: revocation is final, so a later add never authorises them. */
  private readonly revokedFirst = new Map<string, number>();
  private readonly parent = new Map<string, string>();

  constructor(trust: Pick<Trust, "origin" | "verifierKeys" | "retiredKeys">) {
    this.origin = trust.origin;
    for (const key of trust.verifierKeys) this.addLogKey(key.publicKey);
    for (const retired of trust.retiredKeys ?? []) {
      const record = this.addLogKey(retired.key.publicKey);
      record.retiredAt = retired.retiredAt;
      if (retired.compromisedSince !== undefined) record.compromisedSince = retired.compromisedSince;
    }
  }

  private addLogKey(publicKey: Uint8Array): KeyRecord {
    const keyid = keyIdOf(publicKey);
    const record: KeyRecord = { keyid, publicKey, identity: "log", roles: ["log"], addedAt: -1, isLogKey: true };
    this.keys.set(keyid, record);
    return record;
  }

  get(keyid: string): KeyRecord | undefined {
    return this.keys.get(keyid);
  }

  list(): KeyRecord[] {
    return [...this.keys.values()];
  }

  /** The index that revoked a keyid, whether or not the log had added it by then. */
  revokedAt(keyid: string): number | undefined {
    return this.keys.get(keyid)?.revokedAt ?? this.revokedFirst.get(keyid);
  }

  /**
   * A writer's refusal, before it writes anything, of a key the log revoked: the statement could never be taken into
   * the log, so it names the entry that revoked the key and what to do instead.
   */
  assertNotRevoked(keyid: string): void {
    const revokedAt = this.revokedAt(keyid);
    if (revokedAt === undefined) return;
    throw new ShouldersError(
      "KEY_REVOKED",
      `your key (keyid ${keyid.slice(0, 16)}…) was revoked at entry ${revokedAt}: nothing was written; ask the maintainers to add a new key for you (shoulders trust add)`,
    );
  }

  /** The index at which the log holds the statement with this payload digest (see `payloadKey`), if it does. */
  statementAt(payloadKey: string): number | undefined {
    return this.statements.get(payloadKey);
  }

  /** Records that entry `index` holds the statement with this payload digest; the first index stays. */
  addStatement(payloadKey: string, index: number): void {
    if (!this.statements.has(payloadKey)) this.statements.set(payloadKey, index);
  }

  isLogKey(keyid: string): boolean {
    return this.keys.get(keyid)?.isLogKey === true;
  }

  /**
   * An entry at index i is authorised for K when K is a current log key, a retired log key with i below its
   * `retiredAt`, or a key added below i and not revoked below i. Entries in [compromisedSince, end of authority) stay
   * valid but are flagged, so lineage and splits can leave them out.
   */
  authorisation(keyid: string, index: number): Authorisation {
    const key = this.keys.get(keyid);
    if (key === undefined) return "unknown";
    if (key.addedAt >= index) return "not-yet-added";
    if (key.revokedAt !== undefined && key.revokedAt < index) return "revoked";
    if (key.retiredAt !== undefined && key.retiredAt <= index) return "retired";
    if (key.compromisedSince !== undefined && index >= key.compromisedSince) return "compromised";
    return "authorised";
  }

  /**
   * Applies a validated key predicate recorded at `index`. The caller (checkEntry) has checked that a log key signed
   * it and that a revocation does not name a log key.
   */
  apply(predicate: KeyPredicate, index: number): void {
    switch (predicate.action) {
      case "add": {
        // Re-adding a known key must not change it, and a revoked one stays dead: a leaked key cannot come back.
        if (this.keys.has(predicate.keyid)) return;
        const revokedAt = this.revokedFirst.get(predicate.keyid);
        this.keys.set(predicate.keyid, {
          keyid: predicate.keyid,
          publicKey: fromBase64(predicate.publicKey),
          identity: normaliseIdentity(predicate.identity),
          roles: predicate.roles,
          addedAt: index,
          ...(revokedAt === undefined ? {} : { revokedAt }),
          isLogKey: false,
        });
        return;
      }
      case "revoke": {
        const key = this.keys.get(predicate.keyid);
        if (key === undefined) {
          if (!this.revokedFirst.has(predicate.keyid)) this.revokedFirst.set(predicate.keyid, index);
          return;
        }
        if (key.revokedAt !== undefined) return;
        key.revokedAt = index;
        if (predicate.compromisedSince !== undefined) key.compromisedSince = Math.min(predicate.compromisedSince, index);
        return;
      }
      case "link": {
        const [first, ...rest] = predicate.identities.map(normaliseIdentity);
        for (const other of rest) this.union(first as string, other);
        return;
      }
    }
  }

  /** The canonical party for an identity: identities linked together resolve to one representative. */
  party(identity: string): string {
    let node = normaliseIdentity(identity);
    for (let next = this.parent.get(node); next !== undefined && next !== node; next = this.parent.get(node)) {
      node = next;
    }
    return node;
  }

  private union(a: string, b: string): void {
    const rootA = this.party(a);
    const rootB = this.party(b);
    if (rootA === rootB) return;
    // The smaller name becomes the representative, so the answer does not depend on statement order.
    const [keep, drop] = rootA < rootB ? [rootA, rootB] : [rootB, rootA];
    this.parent.set(drop, keep);
    this.parent.set(keep, keep);
  }
}
