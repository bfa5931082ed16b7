import { proveEntry } from "@shoulders/ledger";
import { ledgerDir, parse, parseIndex } from "../args.js";
import type { Command } from "../command.js";
import type { Io } from "../io.js";
import { printHelp, printJson } from "../output.js";
import { proveRecord } from "./prove/record.js";

const HELP = `Usage: shoulders prove INDEX [--dir DIR] [--json]
       shoulders prove record ID@VERSION --data DIR (--file PATH [--line N] | --record TEXT)
       shoulders prove record --check PROOF.json

Prints an RFC 9162 inclusion proof that entry INDEX is in the tree the checkpoint signs:
the leaf hash and the audit path, base64. Anyone holding the checkpoint can check it
without the rest of the log.

prove record proves that one record is in a dataset version, and checks such a proof
(see shoulders prove record --help).`;

export const prove: Command = {
  summary: "print an inclusion proof for one entry, or for one record of a dataset version",
  flags: { datasets: "ID@VERSION", line: "--line", record: "--record" },
  run,
};

async function run(argv: string[], io: Io): Promise<number> {
  if (argv[0] === "record") return proveRecord(argv.slice(1), io);
  const { values, positionals } = parse("prove", argv, {}, { min: 1, max: 1 });
  if (values.help) return printHelp(io, HELP);
  const result = proveEntry(ledgerDir(io, values.dir), parseIndex(positionals[0] as string, "INDEX"));
  if (values.json) return printJson(io, result);
  io.stdout(`entry ${result.index} of ${result.treeSize}\nleaf  ${result.leafHash}\nroot  ${result.rootHash}\n`);
  for (const [level, hash] of result.proof.entries()) io.stdout(`path[${level}]  ${hash}\n`);
  return 0;
}
