import { equalBytes } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { keyIdOf } from "../keys/keyid.js";
import { formatVerifierKey, parseVerifierKey } from "../note/verifier-key.js";
import type { Signer } from "../signer.js";
import { logKeyStatus } from "../trust/log-keys.js";
import type { RetiredKey } from "../trust/trust-file.js";
import { withWriter } from "./with-writer.js";

export type RotateResult = { keyid: string; verifierKey: string; retiredAt: number; note: string };

/**
 * Replaces the log key, recording the rotation in the root (docs/format.md, "Rotating the log key"): the old key moves
 * to trust.json's `retiredKeys` with `retiredAt` = the current size, so it keeps vouching for the entries and heads it
 * signed before and for nothing after; a verifier holding only a pinned trust.json enforces that, even against a fork
 * the old key signs. The new key signs the checkpoint at the same size. Nothing is appended to the log.
 */
export async function rotateLogKey(
  dir: string,
  oldSigner: Signer,
  newSigner: Signer,
  options: { compromisedSince?: number } = {},
): Promise<RotateResult> {
  const oldPublicKey = oldSigner.publicKey;
  const newPublicKey = newSigner.publicKey;
  if (equalBytes(oldPublicKey, newPublicKey)) throw new ShouldersError("BAD_ARGUMENT", "the new key is the current key");
  return withWriter(dir, oldSigner, async (writer) => {
    const trust = writer.trust;
    const status = logKeyStatus(trust, newPublicKey);
    if (status.kind !== "none") {
      throw new ShouldersError(
        "BAD_ARGUMENT",
        status.kind === "current"
          ? "the new key is already a log key"
          : `the new key was rotated out at entry ${status.retired.retiredAt}; a retired key never comes back: create a new one with shoulders keygen`,
      );
    }
    // The root outranks the log: a key the log declared would turn its holder's past entries into the owner's, and a
    // key the log revoked would come back as a log key and make its own revocation an invalid entry (docs/format.md,
    // "Signers": revocation is final, and a revoke that names a log key is UNAUTHORISED_SIGNER).
    const registry = writer.registry();
    const revokedAt = registry.revokedAt(keyIdOf(newPublicKey));
    if (revokedAt !== undefined) {
      throw new ShouldersError(
        "BAD_ARGUMENT",
        `the new key was revoked at entry ${revokedAt}, and revocation is final: create a new one with shoulders keygen`,
      );
    }
    const declared = registry.get(keyIdOf(newPublicKey));
    if (declared !== undefined) {
      throw new ShouldersError(
        "BAD_ARGUMENT",
        `the new key was added at entry ${declared.addedAt} as a signer for ${declared.identity}; a log key must be a new key: create one with shoulders keygen`,
      );
    }
    const since = options.compromisedSince;
    if (since !== undefined && since > writer.size) {
      throw new ShouldersError("BAD_ARGUMENT", `\`compromisedSince\` ${since} is beyond the end of the log (${writer.size} entries)`);
    }
    const added = parseVerifierKey(formatVerifierKey(trust.origin, newPublicKey));
    const oldKey = trust.verifierKeys.find((key) => equalBytes(key.publicKey, oldPublicKey));
    if (oldKey === undefined) throw new ShouldersError("INTERNAL", "the writer's key is not in trust.json");
    const retired: RetiredKey = { key: oldKey, retiredAt: writer.size, ...(since === undefined ? {} : { compromisedSince: since }) };
    const note = await writer.replaceRoot(
      {
        ...trust,
        verifierKeys: [added, ...trust.verifierKeys.filter((key) => key !== oldKey)],
        retiredKeys: [...(trust.retiredKeys ?? []), retired],
      },
      newSigner,
    );
    return { keyid: keyIdOf(newPublicKey), verifierKey: added.text, retiredAt: writer.size, note };
  });
}
