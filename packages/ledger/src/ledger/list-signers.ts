import { toBase64 } from "../bytes.js";
import { layoutOf } from "../store/layout.js";
import { readTrust } from "../store/log-writer.js";
import { replayRegistry } from "../trust/replay-registry.js";
import type { KeyRecord } from "../trust/signer-registry.js";

/** A key's standing now: a compromise window outranks retirement, which outranks a plain revocation. */
export type SignerState = "active" | "compromised" | "retired" | "revoked";

export type SignerListing = {
  keyid: string;
  publicKey: string;
  /** The declared identity, or `log:ORIGIN` for a log key of trust.json. */
  identity: string;
  roles: string[];
  /** The entry that declared the key; null for a log key, which trust.json declares. */
  addedAt: number | null;
  revokedAt: number | null;
  retiredAt: number | null;
  compromisedSince: number | null;
  state: SignerState;
};

/**
 * Every key that may sign, or once could, and its state: the log keys of trust.json (current and retired) and the
 * signers the log declared, replayed by the writer's own rule (docs/format.md, "Signers").
 */
export function listSigners(dir: string): { origin: string; keys: SignerListing[] } {
  const layout = layoutOf(dir);
  const trust = readTrust(layout);
  const keys = replayRegistry(layout, trust)
    .list()
    .map((key) => ({
      keyid: key.keyid,
      publicKey: toBase64(key.publicKey),
      identity: key.isLogKey ? `log:${trust.origin}` : key.identity,
      roles: key.roles,
      addedAt: key.isLogKey ? null : key.addedAt,
      revokedAt: key.revokedAt ?? null,
      retiredAt: key.retiredAt ?? null,
      compromisedSince: key.compromisedSince ?? null,
      state: signerState(key),
    }));
  return { origin: trust.origin, keys };
}

function signerState(key: KeyRecord): SignerState {
  if (key.revokedAt === undefined && key.retiredAt === undefined) return "active";
  if (key.compromisedSince !== undefined) return "compromised";
  return key.retiredAt !== undefined ? "retired" : "revoked";
}
