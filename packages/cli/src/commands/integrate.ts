import { relative } from "node:path";
import { openAttributionLedger } from "@shoulders/attribution";
import { ShouldersError } from "@shoulders/ledger";
import { ledgerDir, parse } from "../args.js";
import type { Command } from "../command.js";
import type { Io } from "../io.js";
import { entries, printHelp, printJson } from "../output.js";
import { KEY_ENV, loadSigner } from "../signing-key.js";

const HELP = `Usage: shoulders integrate [--approve DIGEST]... [--key FILE] [--dir DIR] [--json]

Appends the pending statements (.attribution/pending/*.json) to the log, with a log key.
Each is checked as \`verify\` will check it; refused files stay where they are, and the
command then exits 1.

A statement signed by a key the log does not know enters only when you approve that exact
file: read it first (a DSSE envelope whose payload is the statement, in base64), then pass
its digest, the file's name without .json. The log key countersigns it to admit it; a
usage receipt or a split policy by an unknown key still counts for nothing, and a copy of
a statement already in the log is refused (DUPLICATE_STATEMENT), so the countersignature
cannot be lifted onto it. Better: declare the contributor's key (shoulders trust add).

  --approve DIGEST  take the pending file DIGEST.json although no known key signed it
                    (repeatable; the record action never approves anything)
  --key FILE        the log key (default: $${KEY_ENV})`;

export const integrate: Command = {
  summary: "move pending statements into the log",
  run,
};

async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parse("integrate", argv, { key: { type: "string" }, approve: { type: "string", multiple: true } });
  if (values.help) return printHelp(io, HELP);
  const approved = new Set((values.approve ?? []).map(parseDigest));
  const dir = ledgerDir(io, values.dir);
  const signer = loadSigner(io, values.key);
  const result = await openAttributionLedger(dir).integrate(signer, { approved });
  if (values.json) printJson(io, result);
  else {
    for (const item of result.integrated) {
      io.stdout(`integrated ${relative(io.cwd, item.file)} as entry ${item.index}${item.countersigned ? " (countersigned)" : ""}\n`);
    }
    // The message names the file (pending/NAME) already.
    for (const item of result.rejected) io.stderr(`${item.code}: ${item.message}\n`);
    if (result.integrated.length === 0 && result.rejected.length === 0) io.stdout("Nothing pending.\n");
    else io.stdout(`The checkpoint covers ${entries(result.treeSize)}.\n`);
  }
  return result.rejected.length > 0 ? 1 : 0;
}

function parseDigest(text: string): string {
  const digest = text.replace(/\.json$/, "");
  if (!/^[0-9a-f]{64}$/.test(digest)) {
    throw new ShouldersError("USAGE", `--approve "${text.slice(0, 80)}": a pending file's digest is its name, 64 lowercase hex characters`);
  }
  return digest;
}
