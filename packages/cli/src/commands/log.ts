import { listEntries } from "@shoulders/ledger";
import { ledgerDir, parse, parseIndex } from "../args.js";
import type { Command } from "../command.js";
import type { Io } from "../io.js";
import { printHelp, printJson } from "../output.js";

const HELP = `Usage: shoulders log [--from INDEX] [--limit N] [--dir DIR] [--json]

Lists the log's entries: index, predicate type, first subject and who signed. It does not
verify signatures; \`shoulders verify\` does.

  --from INDEX   start at this entry (default 0)
  --limit N      show at most N entries`;

export const log: Command = {
  summary: "list the entries",
  run,
};

async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parse("log", argv, { from: { type: "string" }, limit: { type: "string" } });
  if (values.help) return printHelp(io, HELP);
  const from = values.from === undefined ? 0 : parseIndex(values.from, "--from");
  const limit = values.limit === undefined ? undefined : parseIndex(values.limit, "--limit");
  const { entries, unverified } = listEntries(ledgerDir(io, values.dir), { from, ...(limit === undefined ? {} : { limit }) });
  if (unverified !== undefined) {
    io.stderr(
      `warning ${unverified}: the log does not verify (run shoulders verify); signers the log did not declare before it are shown by keyid\n`,
    );
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
