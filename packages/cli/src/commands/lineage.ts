import {
  type AttributionIndex,
  buildLineage,
  explainLineage,
  type Lineage,
  lineageMermaid,
  lineageText,
  readModelRef,
} from "@shoulders/attribution";
import { layoutOf, readTrust, ShouldersError } from "@shoulders/ledger";
import { ledgerDir, parse } from "../args.js";
import { loadIndex } from "../attribution.js";
import type { Io } from "../io.js";
import { printHelp, printJson } from "../output.js";

export const lineageHelp = `Usage: shoulders lineage ID [--format text|json|mermaid] [--dir DIR]

Shows every ancestor and contributor of a model, run or dataset recorded in the ledger:
base models, runs, dataset versions with their contributors' records, the training
code and its authors. ID is a model id, a run id or a dataset id (ID@VERSION for one
version); prefix model:, run: or dataset: when names collide. The repository's own
name (acme/sentiment for github.com/acme/sentiment/attribution) shows every released
model. Mermaid output renders in GitHub READMEs and model cards.`;

export const explainHelp = `Usage: shoulders explain ID [--json] [--dir DIR]

Tells the lineage of ID in plain words: who made it, from what, and who contributed.`;

export async function lineage(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("lineage", argv, { format: { type: "string" } }, { min: 1, max: 1 });
  if (values.help) return printHelp(io, lineageHelp);
  const format = values.json ? "json" : (values.format ?? "text");
  if (!["text", "json", "mermaid"].includes(format))
    throw new ShouldersError("USAGE", `lineage: --format must be text, json or mermaid, not "${format}"`);
  const dir = ledgerDir(io, values.dir);
  const index = loadIndex(dir);
  const graphs = artifactsOf(index, positionals[0] as string, readTrust(layoutOf(dir)).origin).map((id) => buildLineage(index, id));
  if (format === "json") return printJson(io, graphs.length === 1 ? graphs[0] : graphs);
  if (format === "mermaid") io.stdout(lineageMermaid(mergeLineages(graphs)));
  else io.stdout(graphs.map(lineageText).join("\n"));
  return 0;
}

/**
 * The artifacts an ID names: itself, or, when it is the repository the ledger belongs to (acme/sentiment for
 * github.com/acme/sentiment/attribution) and no artifact has that name, every model released in the ledger.
 */
function artifactsOf(index: AttributionIndex, id: string, origin: string): string[] {
  const ref = readModelRef(id);
  const known =
    index.releases.has(id) ||
    index.runs.has(id) ||
    (ref?.kind === "ledger" && index.datasets.has(ref.id)) ||
    /^(model|run|dataset):/.test(id);
  const repository = /^[^/]+\/([^/]+\/[^/]+)\/attribution$/.exec(origin)?.[1];
  if (known || repository?.toLowerCase() !== id.toLowerCase() || index.releases.size === 0) return [id];
  return [...index.releases.keys()].sort();
}

/** One graph for several roots, each node and edge once. */
function mergeLineages(graphs: Lineage[]): Lineage {
  const nodes = new Map(graphs.flatMap((graph) => graph.nodes.map((node) => [node.id, node] as const)));
  const edges = new Map(graphs.flatMap((graph) => graph.edges.map((edge) => [`${edge.from}>${edge.to}>${edge.relation}`, edge] as const)));
  return { root: graphs[0]?.root ?? "", nodes: [...nodes.values()], edges: [...edges.values()] };
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
