import { buildLineage, explainLineage, lineageMermaid, lineageText } from "@shoulders/attribution";
import { ShouldersError } from "@shoulders/ledger";
import { ledgerDir, parse } from "../args.js";
import { loadIndex } from "../attribution.js";
import type { Io } from "../io.js";
import { printHelp, printJson } from "../output.js";

export const lineageHelp = `Usage: shoulders lineage ID [--format text|json|mermaid] [--dir DIR]

Shows every ancestor and contributor of a model, run or dataset recorded in the ledger:
base models, runs, dataset versions with their contributors' records, the training
code and its authors. ID is a model id, a run id or a dataset id (ID@VERSION for one
version); prefix model:, run: or dataset: when names collide. Mermaid output renders
in GitHub READMEs and model cards.`;

export const explainHelp = `Usage: shoulders explain ID [--json] [--dir DIR]

Tells the lineage of ID in plain words: who made it, from what, and who contributed.`;

export async function lineage(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("lineage", argv, { format: { type: "string" } }, { min: 1, max: 1 });
  if (values.help) return printHelp(io, lineageHelp);
  const format = values.json ? "json" : (values.format ?? "text");
  if (!["text", "json", "mermaid"].includes(format))
    throw new ShouldersError("USAGE", `lineage: --format must be text, json or mermaid, not "${format}"`);
  const graph = buildLineage(loadIndex(ledgerDir(io, values.dir)), positionals[0] as string);
  if (format === "json") return printJson(io, graph);
  io.stdout(format === "mermaid" ? lineageMermaid(graph) : lineageText(graph));
  return 0;
}

export async function explain(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("explain", argv, {}, { min: 1, max: 1 });
  if (values.help) return printHelp(io, explainHelp);
  const graph = buildLineage(loadIndex(ledgerDir(io, values.dir)), positionals[0] as string);
  const text = explainLineage(graph);
  if (values.json) return printJson(io, { artifact: positionals[0], explanation: text.trim(), lineage: graph });
  io.stdout(text);
  return 0;
}
