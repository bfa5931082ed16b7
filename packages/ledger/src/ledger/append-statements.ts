import { MAX_LINE_BYTES, serializeEnvelope } from "../dsse/envelope.js";
import { signEnvelope } from "../dsse/sign-envelope.js";
import { ShouldersError } from "../errors.js";
import type { Signer } from "../signer.js";
import { bindStatement, type LedgerBinding } from "../statement/ledger-binding.js";
import { encodeStatement, parseStatement, type Statement } from "../statement/statement.js";
import type { AppendResult, LogWriter } from "../store/log-writer.js";
import { KEY_PREDICATE_TYPE, parseKeyPredicate } from "../trust/key-statement.js";
import type { PredicateValidators } from "../verify/verify-ledger.js";
import { withWriter } from "./with-writer.js";

/**
 * Signs statements with a log key and appends them in one transaction. Each statement is checked the way a verifier
 * will check it, so the writer never produces a line that the verifier refuses.
 */
export async function appendStatements(
  dir: string,
  statements: readonly Statement[],
  signer: Signer,
  predicates?: PredicateValidators,
): Promise<AppendResult> {
  return withWriter(dir, signer, async (writer) => writer.append(await signForAppend(writer, statements, signer, predicates)));
}

/**
 * The log lines `writer.append` takes next, each statement bound to this ledger and to the entry it will be, so a copy
 * appended anywhere else, in this ledger or another, is refused (docs/format.md, "Bound to one ledger").
 */
export function signForAppend(
  writer: LogWriter,
  statements: readonly Statement[],
  signer: Signer,
  predicates?: PredicateValidators,
): Promise<string[]> {
  return signLines(statements, signer, (position) => ({ origin: writer.trust.origin, index: writer.size + position }), predicates);
}

/**
 * One compact log line per statement, bound as `binding` says and signed by `signer`. Never signs what a verifier
 * will flag: the statement must parse as the verifier parses it, a key statement must be well formed, a predicate of
 * a type the caller knows must validate, and the line must fit the 1 MiB limit.
 */
export async function signLines(
  statements: readonly Statement[],
  signer: Signer,
  binding: (position: number) => LedgerBinding,
  predicates?: PredicateValidators,
): Promise<string[]> {
  const lines: string[] = [];
  for (const [position, statement] of statements.entries()) {
    const payload = encodeStatement(bindStatement(statement, binding(position)));
    const checked = parseStatement(payload);
    if (checked.predicateType === KEY_PREDICATE_TYPE) parseKeyPredicate(checked);
    assertPredicate(checked, predicates);
    const line = serializeEnvelope(await signEnvelope(payload, [signer]));
    if (Buffer.byteLength(line) > MAX_LINE_BYTES) {
      throw new ShouldersError("LINE_TOO_LONG", `the signed statement is ${Buffer.byteLength(line)} bytes; a log line holds at most 1 MiB`);
    }
    lines.push(line);
  }
  return lines;
}

/** A known predicate that fails its schema is refused before anything is signed, with the validator's message. */
export function assertPredicate(statement: Statement, predicates: PredicateValidators | undefined): void {
  const validate = predicates?.get(statement.predicateType);
  if (validate === undefined) return;
  try {
    validate(statement);
  } catch (error) {
    if (error instanceof ShouldersError && error.code === "PREDICATE_INVALID") throw error;
    throw new ShouldersError("PREDICATE_INVALID", (error as Error).message, { cause: error });
  }
}
