import type { Signer } from "../signer.js";
import type { AppendResult } from "../store/log-writer.js";
import { keyStatement } from "../trust/key-statement.js";
import { signForAppend } from "./append-statements.js";
import { withWriter } from "./with-writer.js";

/** Records that several identities are one party, so credit and payouts to any of them reach the same person. */
export async function linkIdentities(dir: string, signer: Signer, identities: string[]): Promise<AppendResult> {
  return withWriter(dir, signer, async (writer) =>
    writer.append(await signForAppend(writer, [keyStatement({ action: "link", identities })], signer)),
  );
}
