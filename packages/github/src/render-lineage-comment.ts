import type { Period } from "@shoulders/attribution";
import { diffLineage, type LineageDiff } from "./diff-lineage.js";
import type { LineageSnapshot } from "./lineage-snapshot.js";
import { formatCount, md, table } from "./markdown.js";
import type { MergeReview, ReviewedStatement } from "./merge-review.js";

/** The hidden marker that finds the bot's one comment again. */
export const LINEAGE_MARKER = "<!-- shoulders:lineage-comment -->";

export type LineageGraph = { title: string; mermaid: string };
export type RenderCommentOptions = {
  /** Mermaid flowcharts (from lineageMermaid) of what changed, drawn after the tables. */
  graphs?: readonly LineageGraph[];
  /** One line each: anything the reader should know about how the preview was made. */
  notes?: readonly string[];
  /** The statements the merge brings, and the money and keys it changes (mergeReview). */
  review?: MergeReview;
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
 * and mermaid graphs. Anything that touches receipts, policies or keys comes first, under "Money and trust", with
 * the revenue and payouts it changes: the issue 13 attack changed November's revenue from 480.00 to 999999.00 USD
 * under a comment that said "no lineage changes". Pure: the same input always gives the same bytes (golden files).
 */
export function renderLineageComment(before: LineageSnapshot, after: LineageSnapshot, options: RenderCommentOptions = {}): string {
  const diff = diffLineage(before, after);
  const review = options.review;
  const statements = review?.statements ?? [];
  const money = statements.filter((statement) => statement.money);
  const others = statements.filter((statement) => !statement.money);
  const touchesMoney = money.length + (review?.revenue.length ?? 0) + (review?.payouts.length ?? 0) + (review?.keys.length ?? 0) > 0;
  const lineage = [
    ...statementsSection("**Statements** the merge brings, decoded:", others),
    ...sections(diff),
    ...(touchesMoney ? [] : sharesSection(diff)),
  ];
  const parts = [LINEAGE_MARKER];
  if (touchesMoney) {
    // Share changes are money too: they go with the receipts and policies that cause them, not below the lineage.
    parts.push("### Shoulders: :warning: money and trust changes", ...moneySection(review as MergeReview, money), ...sharesSection(diff));
  }
  if (lineage.length > 0) {
    parts.push(...(touchesMoney ? ["", "#### Lineage changes"] : ["### Shoulders: lineage changes"]));
    parts.push("", "Merging this pull request will record the following.", ...lineage);
  } else if (touchesMoney) {
    parts.push("", "Merging this pull request records no other statement, dataset version, artifact, contributor or license.");
  } else {
    parts.push(
      "### Shoulders: no lineage changes",
      "",
      "Merging this pull request records no new dataset version, artifact, contributor, license or payout share.",
    );
  }
  for (const graph of options.graphs ?? []) {
    if (graph.mermaid.length > MAX_GRAPH_CHARS) {
      parts.push("", `**${md(graph.title)}**: the graph is too large to draw here; run \`shoulders lineage\` locally.`);
      continue;
    }
    const fence = codeFence(graph.mermaid);
    parts.push("", `**${md(graph.title)}**`, "", `${fence}mermaid`, graph.mermaid.trimEnd(), fence);
  }
  const notes = [...after.problems, ...(review?.problems ?? []), ...(options.notes ?? [])];
  if (notes.length > 0) parts.push("", ...notes.map((note) => `> ${md(note, 500)}`));
  parts.push(
    "",
    `<sub>Computed from the base branch's ledger (${formatCount(before.treeSize)} entries), the pull request's pending statements and its data changes, without running any of its code. This comment is updated on every push.</sub>`,
  );
  return `${parts.join("\n")}\n`;
}

/** Whether a reviewer has anything to look at: a lineage change, or any statement the merge brings or refuses. */
export function mergeChanges(before: LineageSnapshot, after: LineageSnapshot, review?: MergeReview): boolean {
  if (diffLineage(before, after).changed) return true;
  return review !== undefined && review.statements.length + review.revenue.length + review.payouts.length + review.keys.length > 0;
}

function moneySection(review: MergeReview, money: readonly ReviewedStatement[]): string[] {
  const out = [
    "",
    "#### Money and trust",
    "",
    "Usage receipts, split policies, keys and identity links decide who is paid what. Check each one before merging: a file signed by a key this log does not know is recorded only if a maintainer approves that exact file.",
  ];
  out.push(...statementsSection("**Receipts, policies and keys** the pull request brings, decoded:", money));
  if (review.revenue.length > 0) {
    const { rows, more } = cut(review.revenue);
    out.push(
      "",
      "**Revenue reported**, before → after:",
      "",
      rows
        .map(
          (r) =>
            `- ${md(r.artifact)}, ${md(periodText(r.period))}: ${amountText(r.before, r.currency)} → ${amountText(r.after, r.currency)}`,
        )
        .join("\n") + more,
    );
  }
  out.push(
    ...boundedTable(
      ["**Payouts that change**, as `shoulders split --period` computes them:"],
      ["artifact", "period", "party", "payout"],
      review.payouts,
      (p) => [
        md(p.artifact),
        md(periodText(p.period)),
        md(p.party),
        `${amountText(p.before, p.currency)} → ${amountText(p.after, p.currency)}`,
      ],
    ),
    ...boundedTable(["**Signing keys**"], ["key", "identity", "change"], review.keys, (k) => [
      k.keyid.slice(0, 16),
      md(k.identity),
      md(k.change),
    ]),
  );
  return out;
}

function statementsSection(lead: string, statements: readonly ReviewedStatement[]): string[] {
  return boundedTable([lead], ["file", "type", "author", "claims", "on merge"], statements, (s) => [
    md(s.source, 300),
    md(s.type),
    authorText(s),
    md(s.claim, 300),
    s.recorded ? md(s.outcome, 300) : `**not recorded**: ${md(s.outcome, 500)}`,
  ]);
}

function sharesSection(diff: LineageDiff): string[] {
  return boundedTable(
    ["#### Payout shares", "", "Each party's share of an artifact's income, before → after."],
    ["artifact", "party", "share"],
    diff.shares,
    (s) => [md(s.artifact), md(s.party), arrow(s.before, s.after)],
  );
}

/** A heading and a table of at most MAX_ROWS rows ("…and N more" below it); nothing at all when there are no items. */
function boundedTable<T>(heading: readonly string[], headers: string[], items: readonly T[], row: (item: T) => string[]): string[] {
  if (items.length === 0) return [];
  const { rows, more } = cut(items);
  return ["", ...heading, "", table(headers, rows.map(row)) + more];
}

/** A key as its short keyid, and who the log says it is: the owner's log key, a declared identity, or nobody. */
function authorText(statement: ReviewedStatement): string {
  if (statement.author === undefined) return "unsigned";
  const who =
    statement.authorIdentity === undefined
      ? "**a key this log does not know**"
      : statement.authorIdentity === "log"
        ? "the log key"
        : md(statement.authorIdentity);
  return `${md(statement.author.slice(0, 16))} (${who})`;
}

const amountText = (amount: string | undefined, currency: string) => (amount === undefined ? "none" : `${md(amount)} ${md(currency)}`);

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "November 2026" for a whole calendar month, else START/END as the receipts give it. */
function periodText(period: Period): string {
  const [year, month] = period.start.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const whole = `${period.start.slice(0, 8)}01` === period.start && period.end === `${period.start.slice(0, 8)}${last}`;
  return whole ? `${MONTHS[month - 1]} ${year}` : `${period.start}/${period.end}`;
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
  out.push(
    ...boundedTable(["#### New or changed artifacts"], ["artifact", "kind", "change"], diff.artifacts, (a) => [
      md(a.id),
      a.kind,
      md(a.detail),
    ]),
    ...boundedTable(["#### Datasets and base models"], ["model", "added", "removed"], diff.inputs, (i) => [
      md(i.model),
      i.added.map((x) => md(x)).join(", ") || "—",
      i.removed.map((x) => md(x)).join(", ") || "—",
    ]),
    ...boundedTable(["#### Licenses"], ["artifact", "license"], diff.licenses, (l) => [md(l.artifact), arrow(l.before, l.after)]),
  );
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
  return out;
}
