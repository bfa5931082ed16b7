import { ShouldersError } from "@shoulders/ledger";
import { compareBytes, largestRemainder } from "../money/largest-remainder.js";
import type { SplitResult } from "./split-revenue.js";

/** RFC 4180 CSV for accountants: one row per party, amounts as exact decimal strings. */
export function splitCsv(result: SplitResult): string {
  const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const rows = [["party", "amount", "currency", "share", "why"]];
  for (const payout of result.payouts) {
    rows.push([
      payout.party,
      payout.amount,
      result.currency,
      payout.share,
      payout.paths.map((path) => `${path.share}: ${path.steps.join(" → ")}`).join("; "),
    ]);
  }
  return `${rows.map((row) => row.map(cell).join(",")).join("\r\n")}\r\n`;
}

/**
 * Which split policies divided the money, in one sentence: per model, the entry of each policy (or "default policy")
 * and, for a period, the receipts it split; a re-split says plainly that these are not the policies of the time.
 */
export function splitPoliciesText(result: SplitResult): string {
  const list = usesText(result.policies, "default policy");
  if (result.resplit === true)
    return `Re-split under the latest policies on request, not the policies in force when this revenue was reported: ${list}`;
  return result.period === undefined ? `Split by the latest policies: ${list}` : `Split by the policies in force for each receipt: ${list}`;
}

/**
 * Which releases the money flowed through, in one sentence, as splitPoliciesText names policies: a new release of a
 * model (another run, another trainer) reaches only revenue reported after it, unless a re-split asks for it.
 */
export function splitReleasesText(result: SplitResult): string {
  const list = usesText(result.releases);
  if (result.resplit === true)
    return `Re-split through the latest releases on request, not the releases in force when this revenue was reported: ${list}`;
  return result.period === undefined ? `Through the latest releases: ${list}` : `Through the releases in force for each receipt: ${list}`;
}

/** Per artifact, each entry used (`none` names a null one: the default policy) and, for a period, the receipts it split. */
function usesText(uses: SplitResult["policies"], none = ""): string {
  const byArtifact = new Map<string, string[]>();
  for (const use of uses) {
    const which = use.entry === null ? none : `entry ${use.entry}`;
    const receipts = use.receipts === undefined || use.receipts.length === 0 ? "" : ` (${plural(use.receipts, "receipt")})`;
    byArtifact.set(use.artifact, [...(byArtifact.get(use.artifact) ?? []), `${which}${receipts}`]);
  }
  return [...byArtifact].map(([artifact, list]) => `${artifact} ${list.join(", ")}`).join("; ");
}

function plural(indices: readonly number[], noun: string): string {
  return `${noun}${indices.length === 1 ? "" : "s"} ${indices.join(", ")}`;
}

export function splitMarkdown(result: SplitResult): string {
  const escapeCell = (text: string) => text.replace(/\|/g, "\\|");
  const period = result.period === undefined ? "" : ` for ${result.period.start} to ${result.period.end}`;
  const lines = [
    `### Payouts for ${result.artifact}${period}: ${result.amount} ${result.currency}`,
    "",
    splitPoliciesText(result),
    "",
    splitReleasesText(result),
    "",
    "| party | amount | share | why |",
    "| --- | ---: | ---: | --- |",
  ];
  for (const payout of result.payouts) {
    const why = payout.paths.map((path) => `${path.share}: ${path.steps.join(" → ")}`).join("<br>");
    lines.push(`| ${escapeCell(payout.party)} | ${payout.amount} ${result.currency} | ${payout.share} | ${escapeCell(why)} |`);
  }
  for (const flag of result.flags) lines.push("", `> ${flag.code}: ${escapeCell(flag.message)}`);
  return `${lines.join("\n")}\n`;
}

/** Drips splits hold at most 200 receivers with weights out of 1,000,000. */
export const DRIPS_MAX_RECEIVERS = 200;
export const DRIPS_TOTAL_WEIGHT = 1_000_000n;

/**
 * A Drips-style split list. Weights are the payouts' proportions out of 1,000,000, by largest remainder. With more than
 * 200 parties, the 199 largest keep their own entries and every smaller one is merged into the ledger owner's entry
 * (the 200th receiver, or the owner's own if it is among the 199), and listed in `remainder` so the owner can pay them
 * off-chain. Parties whose weight rounds to 0 are left out.
 */
export function splitDrips(
  result: SplitResult,
  owner: string,
): { receivers: { identity: string; weight: number }[]; remainder?: { weight: number; members: string[] } } {
  const minor = result.payouts.map((payout) => ({ key: payout.party, weight: BigInt(payout.amount.replace(".", "")) }));
  if (minor.every((entry) => entry.weight === 0n))
    throw new ShouldersError("BAD_ARGUMENT", "the amount is zero: there is nothing to split on-chain");
  const overflow = minor.length > DRIPS_MAX_RECEIVERS;
  const kept = overflow ? minor.slice(0, DRIPS_MAX_RECEIVERS - 1) : minor;
  const merged = overflow ? minor.slice(DRIPS_MAX_RECEIVERS - 1) : [];
  const mergedWeight = merged.reduce((total, entry) => total + entry.weight, 0n);
  const entries = new Map(kept.map((entry) => [entry.key, entry.weight]));
  if (overflow) entries.set(owner, (entries.get(owner) ?? 0n) + mergedWeight);
  const weights = largestRemainder(
    DRIPS_TOTAL_WEIGHT,
    [...entries].map(([key, weight]) => ({ key, weight })),
  );
  const receivers = [...weights]
    .map(([identity, weight]) => ({ identity, weight: Number(weight) }))
    .filter((receiver) => receiver.weight > 0)
    .sort((a, b) => b.weight - a.weight || compareBytes(a.identity, b.identity));
  if (!overflow) return { receivers };
  const remainderWeight = Number((DRIPS_TOTAL_WEIGHT * mergedWeight) / minor.reduce((total, entry) => total + entry.weight, 0n));
  return { receivers, remainder: { weight: remainderWeight, members: merged.map((entry) => entry.key) } };
}
