import { inputsOf, type Lineage, type LineageNode } from "./build-lineage.js";

/**
 * The lineage in plain words, one paragraph per artifact, root first: who made it, from what, and who contributed.
 * Built only from the lineage graph, so it says nothing the ledger does not.
 */
export function explainLineage(lineage: Lineage): string {
  const nodes = new Map(lineage.nodes.map((node) => [node.id, node]));
  const inputs = inputsOf(lineage);
  const label = (id: string) => nodes.get(id)?.label ?? id;
  const list = (items: string[]) => (items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);
  const from = (id: string, relation: string) => (inputs.get(id) ?? []).filter((edge) => edge.relation === relation);
  const paragraphs: string[] = [];
  const seen = new Set<string>();
  const order: string[] = [];
  const stack = [lineage.root];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    order.push(id);
    stack.push(...(inputs.get(id) ?? []).map((edge) => edge.from).reverse());
  }

  for (const id of order) {
    const node = nodes.get(id) as LineageNode;
    const entry = node.index === undefined ? "" : ` (ledger entry ${node.index})`;
    switch (node.kind) {
      case "model": {
        const produced = from(id, "produced").map((edge) => `run ${label(edge.from)}`);
        const bases = (inputs.get(id) ?? [])
          .filter((edge) => edge.relation !== "produced")
          .map((edge) => `${label(edge.from)} (${edge.relation})`);
        const parts = [`${node.label} is a model released under ${node.facts.license}${entry}`];
        if (produced.length > 0) parts.push(`produced by ${list(produced)}`);
        if (bases.length > 0) parts.push(`built on ${list(bases)}`);
        paragraphs.push(`${parts.join(", ")}.`);
        break;
      }
      case "run": {
        const trainers = from(id, "trained").map((edge) => label(edge.from));
        const bases = from(id, "fine-tuned from").map((edge) => label(edge.from));
        const data = from(id, "trained on").map((edge) => `${label(edge.from)} (${edge.detail})`);
        const code = from(id, "code").map((edge) => label(edge.from));
        const when = String(node.facts.finishedOn ?? "").slice(0, 10);
        let text = `Run ${node.label}${entry} was trained${trainers.length ? ` by ${list(trainers)}` : ""}${when ? ` on ${when}` : ""}`;
        if (bases.length > 0) text += `, fine-tuning ${list(bases)}`;
        if (data.length > 0) text += `, on ${list(data)}`;
        if (code.length > 0) text += `, with the code at ${list(code)}`;
        paragraphs.push(`${text}; it ran on ${node.facts.builder}.`);
        break;
      }
      case "dataset": {
        const contributors = from(id, "contributed").map((edge) => `${label(edge.from)} (${edge.detail})`);
        const previous = from(id, "previous version").map((edge) => label(edge.from));
        const license = node.facts.license ? `, licensed ${node.facts.license}` : "";
        const note = node.facts.note ? ` (${node.facts.note})` : "";
        let text = `Dataset ${node.label}${entry}${note} holds ${node.facts.records ?? "an unknown number of"} records in ${node.facts.files ?? "?"} files${license}`;
        if (contributors.length > 0) text += `; contributed by ${list(contributors)}`;
        if (previous.length > 0) text += `; it follows ${list(previous)}`;
        paragraphs.push(`${text}.`);
        break;
      }
      case "code": {
        const authors = from(id, "authored").map((edge) => `${label(edge.from)} (${edge.detail})`);
        paragraphs.push(
          `The code at ${node.label} was written by ${authors.length ? list(authors) : "authors not recorded in this ledger"}.`,
        );
        break;
      }
      case "external-model":
        paragraphs.push(`${node.label} is an external model; its own lineage is not in this ledger.`);
        break;
      case "party":
        break;
    }
  }
  return `${paragraphs.join("\n\n")}\n`;
}
