import { fromBase64 } from "../bytes.js";
import { normaliseIdentity } from "./identity.js";
import type { KeyPredicate } from "./key-statement.js";

export type KeyRecord = {
  keyid: string;
  publicKey: Uint8Array;
  identity: string;
  roles: string[];
  /** Index of the entry that added the key, or -1 for a log key from trust.json. */
  addedAt: number;
  revokedAt?: number;
  compromisedSince?: number;
  isLogKey: boolean;
};

export type Authorisation = "authorised" | "compromised" | "revoked" | "not-yet-added" | "unknown";

/**
 * Who may sign which entry, replayed from the key statements in log order (SPEC.md, "Signers"). The registry is
 * built by walking the log once; it answers for entry i only from statements at indices below i.
 */
export class SignerRegistry {
  private readonly keys = new Map<string, KeyRecord>();
  private readonly parent = new Map<string, string>();

  constructor(logKeys: readonly Uint8Array[], keyIdOf: (publicKey: Uint8Array) => string) {
    for (const publicKey of logKeys) {
      const keyid = keyIdOf(publicKey);
      this.keys.set(keyid, { keyid, publicKey, identity: "log", roles: ["log"], addedAt: -1, isLogKey: true });
    }
  }

  get(keyid: string): KeyRecord | undefined {
    return this.keys.get(keyid);
  }

  list(): KeyRecord[] {
    return [...this.keys.values()];
  }

  isLogKey(keyid: string): boolean {
    return this.keys.get(keyid)?.isLogKey === true;
  }

  /**
   * An entry at index i is authorised for K when K is a log key, or K was added below i and not revoked below i.
   * Entries in [compromisedSince, revokedAt) stay valid but are flagged, so lineage and splits can leave them out.
   */
  authorisation(keyid: string, index: number): Authorisation {
    const key = this.keys.get(keyid);
    if (key === undefined) return "unknown";
    if (key.addedAt >= index) return "not-yet-added";
    if (key.revokedAt !== undefined && key.revokedAt < index) return "revoked";
    if (key.compromisedSince !== undefined && index >= key.compromisedSince) return "compromised";
    return "authorised";
  }

  /** Applies a validated key predicate recorded at `index`. The caller has checked that a log key signed it. */
  apply(predicate: KeyPredicate, index: number): void {
    switch (predicate.action) {
      case "add": {
        const existing = this.keys.get(predicate.keyid);
        // Re-adding a revoked key must not resurrect it: revocation is final, so a leaked key stays dead.
        if (existing !== undefined) return;
        this.keys.set(predicate.keyid, {
          keyid: predicate.keyid,
          publicKey: fromBase64(predicate.publicKey),
          identity: normaliseIdentity(predicate.identity),
          roles: predicate.roles,
          addedAt: index,
          isLogKey: false,
        });
        return;
      }
      case "revoke": {
        const key = this.keys.get(predicate.keyid);
        if (key === undefined || key.revokedAt !== undefined) return;
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
