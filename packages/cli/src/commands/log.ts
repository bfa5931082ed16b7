import {
  layoutOf,
  parseEnvelope,
  parseStatement,
  readLog,
  readTrust,
  replayRegistry,
  ShouldersError,
  SignerRegistry,
  withIndex,
} from "@shoulders/ledger";
import { ledgerDir, parse, parseIndex } from "../args.js";
import type { Io } from "../io.js";
import { printHelp, printJson, shortKeyid } from "../output.js";

export const logHelp = `Usage: shoulders log [--from INDEX] [--limit N] [--dir DIR] [--json]

Lists the log's entries: index, predicate type, first subject and who signed. It does not
verify signatures; \`shoulders verify\` does.

  --from INDEX   start at this entry (default 0)
  --limit N      show at most N entries`;

export async function log(argv: string[], io: Io): Promise<number> {
  const { values } = parse("log", argv, { from: { type: "string" }, limit: { type: "string" } });
  if (values.help) return printHelp(io, logHelp);
  const from = values.from === undefined ? 0 : parseIndex(values.from, "--from");
  const limit = values.limit === undefined ? Number.POSITIVE_INFINITY : parseIndex(values.limit, "--limit");
  const layout = layoutOf(ledgerDir(io, values.dir));
  const trust = readTrust(layout);
  // Listing names signers but judges nothing: a log that does not verify is still listed, its signers by keyid.
  let registry = new SignerRegistry(trust);
  try {
    registry = replayRegistry(layout, trust);
  } catch (error) {
    io.stderr(
      `warning ${(error as ShouldersError).code ?? "INVALID"}: the log does not verify (run shoulders verify); signers the log did not declare before it are shown by keyid\n`,
    );
  }
  const entries = [];
  for (const event of readLog(layout, Math.floor(from / 16_384))) {
    if (event.index < from) continue;
    if (entries.length >= limit) break;
    if (event.kind !== "line")
      throw new ShouldersError("MALFORMED_ENTRY", `entry ${event.index} is not a complete line of at most 1 MiB`, { index: event.index });
    try {
      const envelope = parseEnvelope(event.bytes, { compact: true });
      const statement = parseStatement(envelope.payloadBytes);
      const signers = envelope.signatures.map(({ keyid }) => registry.get(keyid)?.identity ?? `unknown:${shortKeyid(keyid)}`);
      entries.push({ index: event.index, predicateType: statement.predicateType, subject: statement.subject, signers, statement });
    } catch (error) {
      throw withIndex(error, event.index);
    }
  }
  if (values.json) return printJson(io, entries);
  for (const entry of entries) {
    const subject = entry.subject[0]?.name ?? "";
    const more = entry.subject.length > 1 ? ` (+${entry.subject.length - 1})` : "";
    io.stdout(`${String(entry.index).padStart(6)}  ${entry.predicateType}  ${subject}${more}  by ${entry.signers.join(", ")}\n`);
  }
  if (entries.length === 0) io.stdout("No entries.\n");
  return 0;
}
