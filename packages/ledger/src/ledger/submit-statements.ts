import type { Signer } from "../signer.js";
import type { Statement } from "../statement/statement.js";
import { layoutOf } from "../store/layout.js";
import { readTrust } from "../store/log-writer.js";
import { logKeyStatus } from "../trust/log-keys.js";
import type { PredicateValidators } from "../verify/verify-ledger.js";
import { appendStatements } from "./append-statements.js";
import { proposeStatement } from "./propose-statement.js";

export type SubmitResult = { appended: true; firstIndex: number; count: number; treeSize: number } | { appended: false; pending: string[] };

/**
 * Adds statements the way their signer may: appended in one transaction with a log key, or written as pending files
 * with any other key, for the log writer to integrate.
 */
export async function submitStatements(
  dir: string,
  statements: readonly Statement[],
  signer: Signer,
  predicates?: PredicateValidators,
): Promise<SubmitResult> {
  if (logKeyStatus(readTrust(layoutOf(dir), { writing: true }), signer.publicKey).kind === "current") {
    const result = await appendStatements(dir, statements, signer, predicates);
    return { appended: true, firstIndex: result.firstIndex, count: result.count, treeSize: result.checkpoint.size };
  }
  const pending: string[] = [];
  for (const statement of statements) pending.push((await proposeStatement(dir, statement, signer, predicates)).path);
  return { appended: false, pending };
}
