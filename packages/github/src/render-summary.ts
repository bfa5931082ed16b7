import type { LineageSnapshot } from "./lineage-snapshot.js";
import { formatCount, md, table } from "./markdown.js";

export type SummaryInput = {
  /** e.g. "Shoulders ledger: valid". */
  title: string;
  /** One line each, already plain text (escaped here). */
  facts?: readonly string[];
  /** Problems, most important first. */
  findings?: readonly { level: "error" | "warning" | "notice"; code?: string; message: string }[];
  snapshot?: LineageSnapshot;
};

const ICONS = { error: ":x:", warning: ":warning:", notice: ":information_source:" } as const;

/** A job summary: a title, facts, findings, then the lineage table. Pure markdown. */
export function renderSummary(input: SummaryInput): string {
  const parts = [`### ${md(input.title)}`];
  if (input.facts !== undefined && input.facts.length > 0) parts.push("", ...input.facts.map((fact) => `- ${md(fact, 500)}`));
  if (input.findings !== undefined && input.findings.length > 0) {
    parts.push(
      "",
      ...input.findings.slice(0, 100).map((f) => `- ${ICONS[f.level]} ${f.code ? `\`${md(f.code)}\` ` : ""}${md(f.message, 500)}`),
    );
  }
  if (input.snapshot?.hasLedger) parts.push("", "#### Lineage", "", lineageTable(input.snapshot));
  return `${parts.join("\n")}\n`;
}

/** One row per dataset (latest version) and model (latest release): what it is, its license and who is in it. */
export function lineageTable(snapshot: LineageSnapshot): string {
  const rows: string[][] = [];
  for (const dataset of snapshot.datasets) {
    rows.push([
      md(dataset.id),
      "dataset",
      md(dataset.version),
      md(dataset.license ?? "none recorded"),
      `${formatCount(dataset.records)} records from ${formatCount(dataset.contributors.length)} contributor${dataset.contributors.length === 1 ? "" : "s"}`,
      String(dataset.index),
    ]);
  }
  for (const model of snapshot.models) {
    const inputs = [...model.datasets, ...model.baseModels];
    rows.push([
      md(model.id),
      "model",
      md(model.version ?? "—"),
      md(model.license),
      inputs.length === 0 ? "—" : inputs.map((input) => md(input)).join(", "),
      String(model.index),
    ]);
  }
  if (rows.length === 0) return `No datasets or models recorded yet (${formatCount(snapshot.treeSize)} entries).`;
  return table(["artifact", "kind", "version", "license", "contributors or inputs", "entry"], rows.slice(0, 200));
}
