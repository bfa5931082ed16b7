import { parseEnvelope } from "../dsse/envelope.js";
import { type ErrorCode, ShouldersError } from "../errors.js";
import { parseStatement, type Statement } from "../statement/statement.js";
import { layoutOf, SEGMENT_SIZE } from "../store/layout.js";
import { readTrust } from "../store/log-writer.js";
import { readLog } from "../store/read-log.js";
import { replayRegistry } from "../trust/replay-registry.js";
import { SignerRegistry } from "../trust/signer-registry.js";
import { withIndex } from "../verify/check-entry.js";

export type ListedEntry = {
  index: number;
  predicateType: string;
  subject: Statement["subject"];
  /** Who signed, by declared identity ("log" for a log key), else `unknown:` and the start of the keyid. */
  signers: string[];
  statement: Statement;
};

/**
 * The entries from `from` on, at most `limit`, as a listing: what each says and who signed it. A listing judges
 * nothing: when the log does not replay (an entry its signer was not authorised for), it is still listed, its signers
 * named only as far as the log declared them, and `unverified` says why, so the reader runs verify.
 */
export function listEntries(
  dir: string,
  options: { from?: number; limit?: number } = {},
): { entries: ListedEntry[]; unverified?: ErrorCode } {
  const from = options.from ?? 0;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const layout = layoutOf(dir);
  const trust = readTrust(layout);
  let registry = new SignerRegistry(trust);
  let unverified: ErrorCode | undefined;
  try {
    registry = replayRegistry(layout, trust);
  } catch (error) {
    if (!(error instanceof ShouldersError)) throw error;
    unverified = error.code;
  }
  const entries: ListedEntry[] = [];
  for (const event of readLog(layout, Math.floor(from / SEGMENT_SIZE))) {
    if (event.index < from) continue;
    if (entries.length >= limit) break;
    if (event.kind !== "line")
      throw new ShouldersError("MALFORMED_ENTRY", `entry ${event.index} is not a complete line of at most 1 MiB`, { index: event.index });
    try {
      const envelope = parseEnvelope(event.bytes, { compact: true });
      const statement = parseStatement(envelope.payloadBytes);
      const signers = envelope.signatures.map(({ keyid }) => registry.get(keyid)?.identity ?? `unknown:${keyid.slice(0, 16)}…`);
      entries.push({ index: event.index, predicateType: statement.predicateType, subject: statement.subject, signers, statement });
    } catch (error) {
      throw withIndex(error, event.index);
    }
  }
  return { entries, ...(unverified === undefined ? {} : { unverified }) };
}
