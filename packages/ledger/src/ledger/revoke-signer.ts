import { ShouldersError } from "../errors.js";
import type { Signer } from "../signer.js";
import type { AppendResult } from "../store/log-writer.js";
import { keyStatement } from "../trust/key-statement.js";
import { signForAppend } from "./append-statements.js";
import { withWriter } from "./with-writer.js";

/**
 * Revokes a signer from the next index on. With `compromisedSince`, its entries from that index up to the revocation
 * stay valid but are flagged COMPROMISED, so lineage and splits leave them out. The reason defaults to what happened:
 * "compromised" with a window, else "revoked".
 */
export async function revokeSigner(
  dir: string,
  signer: Signer,
  revocation: { keyid: string; reason?: string; compromisedSince?: number },
): Promise<AppendResult> {
  if (!/^[0-9a-f]{64}$/.test(revocation.keyid)) {
    throw new ShouldersError("BAD_ARGUMENT", "`keyid` must be 64 lowercase hex characters (see `shoulders trust list`)");
  }
  return withWriter(dir, signer, async (writer) => {
    const key = writer.registry().get(revocation.keyid);
    if (key === undefined)
      throw new ShouldersError("UNKNOWN_KEY", `no key ${revocation.keyid} in this ledger; see \`shoulders trust list\``);
    if (key.isLogKey)
      throw new ShouldersError(
        "BAD_ARGUMENT",
        `key ${revocation.keyid.slice(0, 16)}… is a log key: retire it with \`shoulders trust rotate\`, which records the rotation in trust.json`,
      );
    if (key.revokedAt !== undefined)
      throw new ShouldersError("BAD_ARGUMENT", `key ${revocation.keyid.slice(0, 16)}… was already revoked at entry ${key.revokedAt}`);
    if (revocation.compromisedSince !== undefined && revocation.compromisedSince > writer.size) {
      throw new ShouldersError(
        "BAD_ARGUMENT",
        `\`compromisedSince\` ${revocation.compromisedSince} is beyond the end of the log (${writer.size} entries)`,
      );
    }
    const predicate = {
      action: "revoke" as const,
      keyid: revocation.keyid,
      reason: revocation.reason ?? (revocation.compromisedSince === undefined ? "revoked" : "compromised"),
      ...(revocation.compromisedSince === undefined ? {} : { compromisedSince: revocation.compromisedSince }),
    };
    return writer.append(await signForAppend(writer, [keyStatement(predicate)], signer));
  });
}
