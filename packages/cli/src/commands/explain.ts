import { buildLineage, explainLineage } from "@shoulders/attribution";
import { ledgerDir, parse } from "../args.js";
import { loadIndex } from "../attribution.js";
import type { Command } from "../command.js";
import type { Io } from "../io.js";
import { printHelp, printJson } from "../output.js";

const HELP = `Usage: shoulders explain ID [--json] [--dir DIR]

Tells the lineage of ID in plain words: who made it, from what, and who contributed.`;

export const explain: Command = {
  summary: "tell an artifact's lineage in plain words",
  run,
};

async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("explain", argv, {}, { min: 1, max: 1 });
  if (values.help) return printHelp(io, HELP);
  const graph = buildLineage(loadIndex(ledgerDir(io, values.dir)), positionals[0] as string);
  const text = explainLineage(graph);
  if (values.json) return printJson(io, { artifact: positionals[0], explanation: text.trim(), lineage: graph });
  io.stdout(text);
  return 0;
}
