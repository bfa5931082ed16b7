import { inputsOf, type Lineage, type LineageEdge, type LineageNode } from "./build-lineage.js";

function describe(node: LineageNode): string {
  const where = node.index === undefined ? "" : `, entry ${node.index}`;
  const facts = Object.entries(node.facts)
    .map(([key, value]) => `${key} ${value}`)
    .join(", ");
  return `${node.label} (${node.kind}${where}${facts ? `; ${facts}` : ""})`;
}

/** A tree, root first, each input indented under what it went into. A node reached twice is shown once. */
export function lineageText(lineage: Lineage): string {
  const nodes = new Map(lineage.nodes.map((node) => [node.id, node]));
  const inputs = inputsOf(lineage);
  const shown = new Set<string>();
  const lines: string[] = [];
  // An explicit stack instead of recursion: a lineage thousands of fine-tunes deep must still print.
  const stack: { id: string; prefix: string; childPrefix: string; via: string }[] = [
    { id: lineage.root, prefix: "", childPrefix: "", via: "" },
  ];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const node = nodes.get(item.id) as LineageNode;
    const again = shown.has(item.id);
    lines.push(`${item.prefix}${item.via}${again ? `${node.label} (see above)` : describe(node)}`);
    if (again) continue;
    shown.add(item.id);
    const children = inputs.get(item.id) ?? [];
    for (let position = children.length - 1; position >= 0; position--) {
      const edge = children[position] as LineageEdge;
      const last = position === children.length - 1;
      const via = `${edge.relation}${edge.detail ? ` (${edge.detail})` : ""}: `;
      stack.push({
        id: edge.from,
        prefix: item.childPrefix + (last ? "└─ " : "├─ "),
        childPrefix: item.childPrefix + (last ? "   " : "│  "),
        via,
      });
    }
  }
  return `${lines.join("\n")}\n`;
}

/** A mermaid flowchart: inputs above, the artifact at the bottom. Labels are escaped for mermaid's quoted strings. */
export function lineageMermaid(lineage: Lineage): string {
  const ids = new Map(lineage.nodes.map((node, position) => [node.id, `n${position}`]));
  const escapeLabel = (text: string) => text.replace(/"/g, "#quot;").replace(/[<>]/g, (c) => (c === "<" ? "#lt;" : "#gt;"));
  const shapes: Record<LineageNode["kind"], [string, string]> = {
    model: ["[", "]"],
    run: ["([", "])"],
    dataset: ["[(", ")]"],
    "external-model": ["[/", "/]"],
    code: ["{{", "}}"],
    party: ["(", ")"],
  };
  const lines = ["flowchart TD"];
  for (const node of lineage.nodes) {
    const [open, close] = shapes[node.kind];
    lines.push(`  ${ids.get(node.id)}${open}"${escapeLabel(node.label)}<br/><small>${node.kind}</small>"${close}`);
  }
  for (const edge of lineage.edges) {
    const label = escapeLabel(edge.detail ? `${edge.relation}: ${edge.detail}` : edge.relation);
    lines.push(`  ${ids.get(edge.from)} -->|"${label}"| ${ids.get(edge.to)}`);
  }
  return `${lines.join("\n")}\n`;
}
