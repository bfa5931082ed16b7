import { diffLineage, type LineageDiff } from "./diff-lineage.js";
import type { LineageSnapshot } from "./lineage-snapshot.js";
import { formatCount, md, table } from "./markdown.js";

/** The hidden marker that finds the bot's one comment again. */
export const LINEAGE_MARKER = "<!-- shoulders:lineage-comment -->";

export type LineageGraph = { title: string; mermaid: string };
export type RenderCommentOptions = {
  /** Mermaid flowcharts (from lineageMermaid) of what changed, drawn after the tables. */
  graphs?: readonly LineageGraph[];
  /** One line each: anything the reader should know about how the preview was made. */
  notes?: readonly string[];
};

// GitHub refuses comments over 65,536 characters; long tables are cut well before that.
const MAX_ROWS = 50;
const MAX_GRAPH_CHARS = 20_000;

const sign = (n: number) => (n > 0 ? `+${formatCount(n)}` : n < 0 ? `−${formatCount(-n)}` : "0");
const arrow = (before: string | undefined, after: string | undefined) =>
  `${before === undefined ? "—" : md(before)} → ${after === undefined ? "—" : md(after)}`;

/**
 * A fence longer than any run of backticks in the graph (CommonMark 0.31 §4.5: only a fence at least as long closes
 * it), so a label from the pull request can never end the code block and have the rest read as markdown.
 */
function codeFence(code: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  return "`".repeat(Math.max(3, longest + 1));
}

function cut<T>(rows: readonly T[]): { rows: readonly T[]; more: string } {
  if (rows.length <= MAX_ROWS) return { rows, more: "" };
  return { rows: rows.slice(0, MAX_ROWS), more: `\n\n…and ${formatCount(rows.length - MAX_ROWS)} more.` };
}

/**
 * The sticky pull-request comment: what merging will change in the lineage, as tables (dataset versions with each
 * contributor's records, artifacts, inputs, licenses and conflicts, new contributors, payout shares before → after)
 * and mermaid graphs. Pure: the same snapshots always give the same bytes, so it is tested against golden files.
 */
export function renderLineageComment(before: LineageSnapshot, after: LineageSnapshot, options: RenderCommentOptions = {}): string {
  const diff = diffLineage(before, after);
  const parts = [LINEAGE_MARKER];
  if (!diff.changed) {
    parts.push(
      "### Shoulders: no lineage changes",
      "",
      "Merging this pull request records no new dataset version, artifact, contributor, license or payout share.",
    );
  } else {
    parts.push("### Shoulders: lineage changes", "", "Merging this pull request will record the following.");
    parts.push(...sections(diff));
  }
  for (const graph of options.graphs ?? []) {
    if (graph.mermaid.length > MAX_GRAPH_CHARS) {
      parts.push("", `**${md(graph.title)}**: the graph is too large to draw here; run \`shoulders lineage\` locally.`);
      continue;
    }
    const fence = codeFence(graph.mermaid);
    parts.push("", `**${md(graph.title)}**`, "", `${fence}mermaid`, graph.mermaid.trimEnd(), fence);
  }
  const notes = [...after.problems, ...(options.notes ?? [])];
  if (notes.length > 0) parts.push("", ...notes.map((note) => `> ${md(note, 500)}`));
  parts.push(
    "",
    `<sub>Computed from the base branch's ledger (${formatCount(before.treeSize)} entries), the pull request's pending statements and its data changes, without running any of its code. This comment is updated on every push.</sub>`,
  );
  return `${parts.join("\n")}\n`;
}

function sections(diff: LineageDiff): string[] {
  const out: string[] = [];
  if (diff.datasetVersions.length > 0) {
    out.push("", "#### Dataset versions");
    const { rows, more } = cut(diff.datasetVersions);
    out.push(
      "",
      table(
        ["dataset", "version", "records", "files", "license"],
        rows.map((v) => [md(v.id), arrow(v.from, v.to), formatCount(v.records), formatCount(v.files), md(v.license ?? "none recorded")]),
      ) + more,
    );
    for (const version of rows) {
      const changed = version.contributors.filter((c) => c.before !== c.after);
      if (changed.length === 0) continue;
      const list = cut(changed);
      out.push(
        "",
        // Escaped as one string: the `@` between two values from the pull request could join them into an address.
        `Records per contributor in ${md(`${version.id}@${version.to}`, 400)}:`,
        "",
        table(
          ["contributor", "records before", "records after", "change"],
          list.rows.map((c) => [md(c.party), formatCount(c.before), formatCount(c.after), sign(c.after - c.before)]),
        ) + list.more,
      );
    }
  }
  if (diff.artifacts.length > 0) {
    const { rows, more } = cut(diff.artifacts);
    out.push(
      "",
      "#### New or changed artifacts",
      "",
      table(
        ["artifact", "kind", "change"],
        rows.map((a) => [md(a.id), a.kind, md(a.detail)]),
      ) + more,
    );
  }
  if (diff.inputs.length > 0) {
    const { rows, more } = cut(diff.inputs);
    out.push(
      "",
      "#### Datasets and base models",
      "",
      table(
        ["model", "added", "removed"],
        rows.map((i) => [md(i.model), i.added.map((x) => md(x)).join(", ") || "—", i.removed.map((x) => md(x)).join(", ") || "—"]),
      ) + more,
    );
  }
  if (diff.licenses.length > 0) {
    const { rows, more } = cut(diff.licenses);
    out.push(
      "",
      "#### Licenses",
      "",
      table(
        ["artifact", "license"],
        rows.map((l) => [md(l.artifact), arrow(l.before, l.after)]),
      ) + more,
    );
  }
  if (diff.newConflicts.length > 0 || diff.resolvedConflicts.length > 0) {
    out.push("", "#### License conflicts");
    if (diff.newConflicts.length > 0)
      out.push("", ...cut(diff.newConflicts).rows.map((c) => `- :warning: **new** \`${c.code}\`: ${md(c.text, 400)}`));
    if (diff.resolvedConflicts.length > 0)
      out.push("", ...cut(diff.resolvedConflicts).rows.map((c) => `- resolved \`${c.code}\`: ${md(c.text, 400)}`));
  }
  if (diff.newContributors.length > 0) {
    const { rows, more } = cut(diff.newContributors);
    out.push("", "#### New contributors", "", rows.map((party) => `- ${md(party)}`).join("\n") + more);
  }
  if (diff.shares.length > 0) {
    const { rows, more } = cut(diff.shares);
    out.push(
      "",
      "#### Payout shares",
      "",
      "Each party's share of an artifact's income, before → after.",
      "",
      table(
        ["artifact", "party", "share"],
        rows.map((s) => [md(s.artifact), md(s.party), arrow(s.before, s.after)]),
      ) + more,
    );
  }
  return out;
}
