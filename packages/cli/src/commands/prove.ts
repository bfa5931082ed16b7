import { proveEntry } from "@shoulders/ledger";
import { ledgerDir, parse, parseIndex } from "../args.js";
import type { Command } from "../command.js";
import type { Io } from "../io.js";
import { printHelp, printJson } from "../output.js";

const HELP = `Usage: shoulders prove INDEX [--dir DIR] [--json]

Prints an RFC 9162 inclusion proof that entry INDEX is in the tree the checkpoint signs:
the leaf hash and the audit path, base64. Anyone holding the checkpoint can check it
without the rest of the log.`;

export const prove: Command = {
  summary: "print an inclusion proof for one entry",
  run,
};

async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("prove", argv, {}, { min: 1, max: 1 });
  if (values.help) return printHelp(io, HELP);
  const result = proveEntry(ledgerDir(io, values.dir), parseIndex(positionals[0] as string, "INDEX"));
  if (values.json) return printJson(io, result);
  io.stdout(`entry ${result.index} of ${result.treeSize}\nleaf  ${result.leafHash}\nroot  ${result.rootHash}\n`);
  for (const [level, hash] of result.proof.entries()) io.stdout(`path[${level}]  ${hash}\n`);
  return 0;
}
