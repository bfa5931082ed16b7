import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { MAX_LINE_BYTES, parseEnvelope, serializeEnvelope } from "../dsse/envelope.js";
import { addSignature } from "../dsse/sign-envelope.js";
import { type ErrorCode, ShouldersError } from "../errors.js";
import { createKeySigner } from "../keys/sign.js";
import { sha256Hex } from "../sha256.js";
import { parseStatement } from "../statement/statement.js";
import { LogWriter } from "../store/log-writer.js";
import { readBoundedFile } from "../store/read-bounded-file.js";
import { KEY_PREDICATE_TYPE } from "../trust/key-statement.js";
import type { SignerRegistry } from "../trust/signer-registry.js";
import { checkEntry } from "../verify/check-entry.js";

export type IntegrateResult = {
  integrated: { file: string; index: number; countersigned: boolean }[];
  rejected: { file: string; code: ErrorCode; message: string }[];
  treeSize: number;
};

const PENDING_FILE = /^([0-9a-f]{64})\.json$/;

/**
 * Moves pending envelopes into the log. Each one is checked as the verifier will check it at the index it gets.
 * Envelopes signed by a key the log does not authorise are refused, unless `acceptUnknownSigners` is set: then the log
 * key countersigns them, vouching for them (the record action does this, since a merge into the default branch is a
 * maintainer's approval). Key statements never come through pending. Refused files are left in place, untouched.
 */
export async function integratePending(
  dir: string,
  seed: Uint8Array,
  options: { acceptUnknownSigners?: boolean } = {},
): Promise<IntegrateResult> {
  const writer = await LogWriter.open(dir, { seed });
  try {
    const result: IntegrateResult = { integrated: [], rejected: [], treeSize: writer.size };
    const pendingDir = writer.layout.pendingDir;
    const names = existsSync(pendingDir)
      ? readdirSync(pendingDir)
          .filter((name) => !name.startsWith("."))
          .sort()
      : [];
    if (names.length === 0) return result;
    const registry = writer.registry();
    const logSigner = createKeySigner(seed);
    const lines: string[] = [];
    const files: string[] = [];
    for (const name of names) {
      const file = join(pendingDir, name);
      const index = writer.size + lines.length;
      try {
        const line = await admit(file, name, index, registry, logSigner, options.acceptUnknownSigners === true);
        result.integrated.push({ file, index, countersigned: line.countersigned });
        lines.push(line.text);
        files.push(file);
      } catch (error) {
        const coded = error instanceof ShouldersError ? error : new ShouldersError("PENDING_INVALID", String(error));
        result.rejected.push({ file, code: coded.code, message: coded.message });
      }
    }
    if (lines.length > 0) result.treeSize = (await writer.append(lines, files)).checkpoint.size;
    return result;
  } finally {
    writer.close();
  }
}

async function admit(
  file: string,
  name: string,
  index: number,
  registry: SignerRegistry,
  logSigner: ReturnType<typeof createKeySigner>,
  acceptUnknownSigners: boolean,
): Promise<{ text: string; countersigned: boolean }> {
  const match = PENDING_FILE.exec(name);
  if (match === null) throw new ShouldersError("PENDING_INVALID", `pending/${name}: the name must be <sha256 of the file>.json`);
  // Bounded, and never through a symlink: a pending file is attacker input from a pull request.
  const bytes = readBoundedFile(file, { maxBytes: MAX_LINE_BYTES + 1, what: `pending/${name}`, tooLarge: "LINE_TOO_LONG" });
  if (sha256Hex(bytes) !== match[1])
    throw new ShouldersError("PENDING_INVALID", `pending/${name}: the name is not the SHA-256 of its content`);
  const withoutNewline = bytes.at(-1) === 0x0a ? bytes.subarray(0, bytes.length - 1) : bytes;
  const parsed = parseEnvelope(withoutNewline, { compact: false });
  if (parseStatement(parsed.payloadBytes).predicateType === KEY_PREDICATE_TYPE) {
    throw new ShouldersError("UNAUTHORISED_SIGNER", `pending/${name} is a key statement; only a log key may append those`);
  }
  const line = serializeEnvelope(parsed.envelope);
  try {
    checkEntry(line, index, registry, { compact: true });
    return { text: line, countersigned: false };
  } catch (error) {
    if (!acceptUnknownSigners || (error as ShouldersError).code !== "UNAUTHORISED_SIGNER") throw error;
  }
  const countersigned = serializeEnvelope(await addSignature(parsed.envelope, logSigner));
  checkEntry(countersigned, index, registry, { compact: true });
  return { text: countersigned, countersigned: true };
}
