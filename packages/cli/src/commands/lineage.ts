import { buildLineage, lineageMermaid, lineageRoots, lineageText, mergeLineages } from "@shoulders/attribution";
import { layoutOf, readTrust, ShouldersError } from "@shoulders/ledger";
import { ledgerDir, parse } from "../args.js";
import { loadIndex } from "../attribution.js";
import type { Command } from "../command.js";
import type { Io } from "../io.js";
import { printHelp, printJson } from "../output.js";

const HELP = `Usage: shoulders lineage ID [--format text|json|mermaid] [--dir DIR]

Shows every ancestor and contributor of a model, run or dataset recorded in the ledger:
base models, runs, dataset versions with their contributors' records, the training
code and its authors. ID is a model id, a run id or a dataset id (ID@VERSION for one
version); prefix model:, run: or dataset: when names collide. The repository's own
name (acme/sentiment for github.com/acme/sentiment/attribution) shows every released
model. Mermaid output renders in GitHub READMEs and model cards.`;

export const lineage: Command = {
  summary: "show every ancestor and contributor (text, json, mermaid)",
  run,
};

async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("lineage", argv, { format: { type: "string" } }, { min: 1, max: 1 });
  if (values.help) return printHelp(io, HELP);
  const format = values.json ? "json" : (values.format ?? "text");
  if (!["text", "json", "mermaid"].includes(format))
    throw new ShouldersError("USAGE", `lineage: --format must be text, json or mermaid, not "${format}"`);
  const dir = ledgerDir(io, values.dir);
  const index = loadIndex(dir);
  const roots = lineageRoots(index, positionals[0] as string, readTrust(layoutOf(dir)).origin);
  const graphs = roots.map((id) => buildLineage(index, id));
  if (format === "json") return printJson(io, graphs.length === 1 ? graphs[0] : graphs);
  if (format === "mermaid") io.stdout(lineageMermaid(mergeLineages(graphs)));
  else io.stdout(graphs.map(lineageText).join("\n"));
  return 0;
}
