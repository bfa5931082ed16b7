import { equalBytes } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { publicKeyFromSecret } from "../keys/generate-key.js";
import { keyIdOf } from "../keys/keyid.js";
import { formatVerifierKey, parseVerifierKey } from "../note/verifier-key.js";
import { writeFileAtomic } from "../store/atomic-write.js";
import type { AppendResult } from "../store/log-writer.js";
import { keyStatement } from "../trust/key-statement.js";
import { formatTrust } from "../trust/trust-file.js";
import { signLines } from "./append-statements.js";
import { withWriter } from "./with-writer.js";

/**
 * Replaces the log key. The new key is put first in trust.json (so it signs checkpoints from now on), and the old
 * key is revoked in the log by a statement the new key signs: entries it signs after that are refused. The old key
 * stays in trust.json, because the entries it signed before the rotation must keep verifying.
 */
export async function rotateLogKey(
  dir: string,
  oldSeed: Uint8Array,
  newSeed: Uint8Array,
  reason = "rotated",
): Promise<AppendResult & { keyid: string; verifierKey: string }> {
  const oldPublicKey = publicKeyFromSecret(oldSeed);
  const newPublicKey = publicKeyFromSecret(newSeed);
  if (equalBytes(oldPublicKey, newPublicKey)) throw new ShouldersError("BAD_ARGUMENT", "the new key is the current key");
  const verifierKey = await withWriter(dir, oldSeed, async (writer) => {
    if (writer.trust.verifierKeys.some((key) => equalBytes(key.publicKey, newPublicKey))) {
      throw new ShouldersError("BAD_ARGUMENT", "the new key is already a log key");
    }
    const added = parseVerifierKey(formatVerifierKey(writer.trust.origin, newPublicKey));
    writeFileAtomic(writer.layout.trust, formatTrust({ ...writer.trust, verifierKeys: [added, ...writer.trust.verifierKeys] }));
    return added.text;
  });
  const revocation = keyStatement({ action: "revoke", keyid: keyIdOf(oldPublicKey), reason });
  const lines = await signLines([revocation], newSeed);
  const result = await withWriter(dir, newSeed, (writer) => writer.append(lines));
  return { ...result, keyid: keyIdOf(newPublicKey), verifierKey };
}
