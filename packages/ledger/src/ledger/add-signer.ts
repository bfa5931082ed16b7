import { ShouldersError } from "../errors.js";
import { keyIdOf } from "../keys/keyid.js";
import { decodePublicKey } from "../keys/public-key.js";
import type { Signer } from "../signer.js";
import type { AppendResult } from "../store/log-writer.js";
import { keyAddPredicate, keyStatement } from "../trust/key-statement.js";
import { signForAppend } from "./append-statements.js";
import { withWriter } from "./with-writer.js";

/** Declares a signer in the log: its public key, the identity it speaks for, and its roles (docs/format.md, "Signers"). */
export async function addSigner(
  dir: string,
  signer: Signer,
  declared: { publicKey: Uint8Array; identity: string; roles: string[] },
): Promise<AppendResult & { keyid: string }> {
  const publicKey = decodePublicKey(declared.publicKey);
  const keyid = keyIdOf(publicKey);
  return withWriter(dir, signer, async (writer) => {
    const registry = writer.registry();
    const existing = registry.get(keyid);
    const revokedFirst = existing === undefined ? registry.revokedAt(keyid) : undefined;
    if (revokedFirst !== undefined) {
      throw new ShouldersError("BAD_ARGUMENT", `key ${keyid.slice(0, 16)}… was revoked at entry ${revokedFirst}, and revocation is final`);
    }
    if (existing !== undefined) {
      const state = existing.isLogKey
        ? "is a log key"
        : existing.revokedAt !== undefined
          ? "was revoked, and revocation is final"
          : `was added at entry ${existing.addedAt}`;
      throw new ShouldersError("BAD_ARGUMENT", `key ${keyid.slice(0, 16)}… ${state}`);
    }
    const lines = await signForAppend(writer, [keyStatement(keyAddPredicate(publicKey, declared.identity, declared.roles))], signer);
    return { ...(await writer.append(lines)), keyid };
  });
}
