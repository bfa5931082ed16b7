import { relative } from "node:path";
import { openAttributionLedger } from "@shoulders/attribution";
import { ledgerDir, parse } from "../args.js";
import type { Command } from "../command.js";
import type { Io } from "../io.js";
import { entries, printHelp, printJson } from "../output.js";
import { KEY_ENV, loadSigner } from "../signing-key.js";

const HELP = `Usage: shoulders integrate [--accept-unknown-signers] [--key FILE] [--dir DIR] [--json]

Appends the pending statements (.attribution/pending/*.json) to the log, with a log key.
Each is checked as \`verify\` will check it; refused files stay where they are, and the
command then exits 1.

  --accept-unknown-signers  countersign pending statements whose key the log does not
                            know, vouching for them (for CI after a reviewed merge)
  --key FILE                the log key (default: $${KEY_ENV})`;

export const integrate: Command = {
  summary: "move pending statements into the log",
  run,
};

async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parse("integrate", argv, { key: { type: "string" }, "accept-unknown-signers": { type: "boolean" } });
  if (values.help) return printHelp(io, HELP);
  const dir = ledgerDir(io, values.dir);
  const signer = loadSigner(io, values.key);
  const result = await openAttributionLedger(dir).integrate(signer, { acceptUnknownSigners: values["accept-unknown-signers"] === true });
  if (values.json) printJson(io, result);
  else {
    for (const item of result.integrated) {
      io.stdout(`integrated ${relative(io.cwd, item.file)} as entry ${item.index}${item.countersigned ? " (countersigned)" : ""}\n`);
    }
    for (const item of result.rejected) io.stderr(`${item.code}: ${relative(io.cwd, item.file)}: ${item.message}\n`);
    if (result.integrated.length === 0 && result.rejected.length === 0) io.stdout("Nothing pending.\n");
    else io.stdout(`The checkpoint covers ${entries(result.treeSize)}.\n`);
  }
  return result.rejected.length > 0 ? 1 : 0;
}
