import { join } from "node:path";
import { serializeEnvelope } from "../dsse/envelope.js";
import { addSignature } from "../dsse/sign-envelope.js";
import type { ErrorCode } from "../errors.js";
import type { Signer } from "../signer.js";
import { LogWriter } from "../store/log-writer.js";
import { checkEntry } from "../verify/check-entry.js";
import type { PredicateValidators } from "../verify/verify-ledger.js";
import { admitPendingFiles, listPending } from "./admit-pending.js";

export type IntegrateResult = {
  integrated: { file: string; index: number; countersigned: boolean }[];
  rejected: { file: string; code: ErrorCode; message: string }[];
  treeSize: number;
};

/**
 * Moves pending envelopes into the log, each admitted by the one rule (admitPending) at the index it gets. An envelope
 * no key the log authorises signed enters only when a maintainer approved that exact file: its digest (the file's
 * name, the SHA-256 of its bytes) is in `approved`. The log key then countersigns it, admitting it to the log; the
 * countersignature lends it no authority (the author is the first signature). There is no switch that takes every
 * unknown signer: a merged pull request is not an approval, since CI cannot tell what a reviewer read. Refused files
 * are left in place, untouched.
 */
export async function integratePending(
  dir: string,
  signer: Signer,
  options: { approved?: ReadonlySet<string>; predicates?: PredicateValidators } = {},
): Promise<IntegrateResult> {
  const writer = await LogWriter.open(dir, signer);
  try {
    const result: IntegrateResult = { integrated: [], rejected: [], treeSize: writer.size };
    if (listPending(writer.layout).length === 0) return result;
    const registry = writer.registry();
    const outcome = admitPendingFiles(writer.layout, registry, writer.size, options);
    const file = (name: string) => join(writer.layout.pendingDir, name);
    result.rejected = outcome.refused.map((refused) => ({ file: file(refused.name), code: refused.code, message: refused.message }));
    const lines: string[] = [];
    for (const admitted of outcome.admitted) {
      const line = admitted.unvouched ? serializeEnvelope(await addSignature(admitted.envelope, signer)) : admitted.line;
      // Checked as the verifier will check it, countersignature included: never sign what verify refuses.
      checkEntry(line, admitted.index, registry, { compact: true });
      result.integrated.push({ file: file(admitted.name), index: admitted.index, countersigned: admitted.unvouched });
      lines.push(line);
    }
    if (lines.length > 0)
      result.treeSize = (
        await writer.append(
          lines,
          result.integrated.map((entry) => entry.file),
        )
      ).checkpoint.size;
    return result;
  } finally {
    writer.close();
  }
}
