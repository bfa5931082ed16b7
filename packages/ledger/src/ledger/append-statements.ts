import { MAX_LINE_BYTES, serializeEnvelope } from "../dsse/envelope.js";
import { signEnvelope } from "../dsse/sign-envelope.js";
import { ShouldersError } from "../errors.js";
import { createKeySigner } from "../keys/sign.js";
import { encodeStatement, parseStatement, type Statement } from "../statement/statement.js";
import { type AppendResult, LogWriter } from "../store/log-writer.js";
import { KEY_PREDICATE_TYPE, parseKeyPredicate } from "../trust/key-statement.js";

/**
 * Signs statements with a log key and appends them in one transaction. Each statement is checked the way a verifier
 * will check it, so the writer never produces a line that the verifier refuses.
 */
export async function appendStatements(dir: string, statements: readonly Statement[], seed: Uint8Array): Promise<AppendResult> {
  const lines = await signLines(statements, seed);
  const writer = await LogWriter.open(dir, { seed });
  try {
    return await writer.append(lines);
  } finally {
    writer.close();
  }
}

export async function signLines(statements: readonly Statement[], seed: Uint8Array): Promise<string[]> {
  const signer = createKeySigner(seed);
  const lines: string[] = [];
  for (const statement of statements) {
    const payload = encodeStatement(statement);
    const checked = parseStatement(payload);
    if (checked.predicateType === KEY_PREDICATE_TYPE) parseKeyPredicate(checked);
    const line = serializeEnvelope(await signEnvelope(payload, [signer]));
    if (Buffer.byteLength(line) > MAX_LINE_BYTES) {
      throw new ShouldersError("LINE_TOO_LONG", `the signed statement is ${Buffer.byteLength(line)} bytes; a log line holds at most 1 MiB`);
    }
    lines.push(line);
  }
  return lines;
}
