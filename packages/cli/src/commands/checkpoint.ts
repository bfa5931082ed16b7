import { layoutOf, readCheckpoint, readCheckpointBytes, readTrust, toBase64 } from "@shoulders/ledger";
import { ledgerDir, parse } from "../args.js";
import type { Command } from "../command.js";
import type { Io } from "../io.js";
import { printHelp, printJson } from "../output.js";

const HELP = `Usage: shoulders checkpoint [--dir DIR] [--json]

Prints the log's signed checkpoint (a C2SP tlog-checkpoint note) after checking its
signature. Publish it somewhere the repository's owners do not control, or give it to a
witness, and any later rewrite of history is caught.`;

export const checkpoint: Command = {
  summary: "print the signed checkpoint",
  run,
};

async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parse("checkpoint", argv, {});
  if (values.help) return printHelp(io, HELP);
  const layout = layoutOf(ledgerDir(io, values.dir));
  const opened = readCheckpoint(layout, readTrust(layout));
  const note = readCheckpointBytes(layout).toString("utf8");
  if (values.json) return printJson(io, { origin: opened.origin, size: opened.size, rootHash: toBase64(opened.rootHash), note });
  io.stdout(note);
  return 0;
}
