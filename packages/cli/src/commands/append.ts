import { readFileSync, statSync } from "node:fs";
import { relative, resolve } from "node:path";
import {
  appendStatements,
  layoutOf,
  logKeyName,
  MAX_LINE_BYTES,
  parseStatement,
  proposeStatement,
  readTrust,
  ShouldersError,
} from "@shoulders/ledger";
import { ledgerDir, parse } from "../args.js";
import type { Io } from "../io.js";
import { entries, printHelp, printJson } from "../output.js";
import { KEY_ENV, loadSigningKey } from "../signing-key.js";

export const appendHelp = `Usage: shoulders append STATEMENT.json [--key FILE] [--dir DIR] [--json]

Signs an in-toto Statement v1 and adds it to the ledger: the generic path for any
predicate. With a log key it is appended and a new checkpoint is signed. With any other
key it becomes .attribution/pending/<sha256>.json, which the log writer integrates later
(\`shoulders integrate\`, or the record action on the default branch).

  STATEMENT.json   {"_type":"https://in-toto.io/Statement/v1","subject":[...],
                    "predicateType":"...","predicate":{...}}; - reads stdin
  --key FILE       the signing key (default: $${KEY_ENV})`;

export async function append(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("append", argv, { key: { type: "string" } }, { min: 1, max: 1 });
  if (values.help) return printHelp(io, appendHelp);
  const dir = ledgerDir(io, values.dir);
  const statement = parseStatement(readStatementFile(io, positionals[0] as string));
  const seed = loadSigningKey(io, values.key);
  const trust = readTrust(layoutOf(dir));
  if (logKeyName(trust, seed) !== undefined) {
    const result = await appendStatements(dir, [statement], seed);
    if (values.json) return printJson(io, { appended: true, index: result.firstIndex, treeSize: result.checkpoint.size });
    io.stdout(`Appended entry ${result.firstIndex}; the checkpoint now covers ${entries(result.checkpoint.size)}.\n`);
    return 0;
  }
  const pending = await proposeStatement(dir, statement, seed);
  if (values.json) return printJson(io, { appended: false, pending: pending.path, digest: pending.digest });
  io.stdout(`Your key is not a log key, so the statement is pending: ${relative(io.cwd, pending.path)}\n`);
  io.stdout("Commit it; the log writer integrates it (shoulders integrate, or the record action after merge).\n");
  return 0;
}

function readStatementFile(io: Io, file: string): Uint8Array {
  try {
    if (file === "-") return readFileSync(0);
    const path = resolve(io.cwd, file);
    if (statSync(path).size > MAX_LINE_BYTES)
      throw new ShouldersError("LINE_TOO_LONG", `${file} is over 1 MiB; a statement must fit in one log line`);
    return readFileSync(path);
  } catch (cause) {
    if (cause instanceof ShouldersError) throw cause;
    throw new ShouldersError("IO_ERROR", `cannot read ${file}: ${(cause as NodeJS.ErrnoException).code ?? "error"}`, { cause });
  }
}
