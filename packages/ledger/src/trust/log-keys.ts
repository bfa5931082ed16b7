import { equalBytes } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { keyIdOf } from "../keys/keyid.js";
import type { VerifierKey } from "../note/verifier-key.js";
import type { RetiredKey, Trust } from "./trust-file.js";

export type LogKeyStatus = { kind: "current"; key: VerifierKey } | { kind: "retired"; retired: RetiredKey } | { kind: "none" };

/** What the root says of a public key: a current log key, one rotated out (and where), or no log key at all. */
export function logKeyStatus(trust: Pick<Trust, "verifierKeys" | "retiredKeys">, publicKey: Uint8Array): LogKeyStatus {
  const key = trust.verifierKeys.find((candidate) => equalBytes(candidate.publicKey, publicKey));
  if (key !== undefined) return { kind: "current", key };
  const retired = trust.retiredKeys?.find((candidate) => equalBytes(candidate.key.publicKey, publicKey));
  return retired === undefined ? { kind: "none" } : { kind: "retired", retired };
}

/**
 * Refuses, before anything is written, a key the root rotated out: it may not sign past the rotation, and an entry
 * it signed there would make the ledger invalid for everyone (and a witness could cosign it). One line says where it
 * was rotated out and what to do.
 */
export function assertNotRetired(status: LogKeyStatus, publicKey: Uint8Array): void {
  if (status.kind !== "retired") return;
  throw new ShouldersError(
    "KEY_REVOKED",
    `this key (keyid ${keyIdOf(publicKey).slice(0, 16)}…) was rotated out of the log at entry ${status.retired.retiredAt} (shoulders trust rotate): nothing was written; set SHOULDERS_SIGNING_KEY (the repository secret) to the new log key`,
  );
}

/** The verifier key a writer signs checkpoints under: a current log key of the root, or a coded refusal. */
export function writerLogKey(trust: Pick<Trust, "verifierKeys" | "retiredKeys" | "origin">, publicKey: Uint8Array): VerifierKey {
  const status = logKeyStatus(trust, publicKey);
  assertNotRetired(status, publicKey);
  if (status.kind === "current") return status.key;
  throw new ShouldersError(
    "UNAUTHORISED_SIGNER",
    `this key (keyid ${keyIdOf(publicKey).slice(0, 16)}…) is not a log key of ${trust.origin} (trust.json), so it cannot write the log; set SHOULDERS_SIGNING_KEY (the repository secret) to the key \`shoulders init\` or \`shoulders trust rotate\` was run with`,
  );
}
