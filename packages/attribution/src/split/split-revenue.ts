import { ShouldersError } from "@shoulders/ledger";
import type { AttributionIndex } from "../attribution-index.js";
import { formatAmount, type Money, parseAmount } from "../money/amount.js";
import { compareBytes, largestRemainder } from "../money/largest-remainder.js";
import { buildSplitGraph } from "./build-split-graph.js";
import { policyInForce, type SplitMoment } from "./policy-in-force.js";
import { type CountedReceipt, countedReceipts, type Period, type ReceiptFlag } from "./receipts.js";
import { releaseInForce } from "./release-in-force.js";
import {
  computeShares,
  PATHS_PER_PARTY,
  type PolicyUse,
  pathStepsText,
  type ReleaseUse,
  type SplitGraph,
  type SplitNode,
} from "./split-graph.js";

/** Shares are computed at this resolution before the one final rounding to minor units. */
const SHARE_UNITS = 10n ** 24n;

export type Payout = { party: string; amount: string; share: string; paths: { share: string; steps: string[] }[] };

export type SplitResult = {
  artifact: string;
  currency: string;
  amount: string;
  period?: Period;
  receipts?: { index: number; reporter: string; period: Period; uses: number; revenue?: string }[];
  /**
   * The split policy of every model in the lineage, by the entry that recorded it (null: the default policy), and for
   * a period the receipts whose revenue it split.
   */
  policies: (PolicyUse & { receipts?: number[] })[];
  /** The release entry every model in the lineage was split through, and for a period the receipts it split. */
  releases: (ReleaseUse & { receipts?: number[] })[];
  /**
   * A past period split under the latest policies and releases on request, not those in force when its revenue was
   * reported.
   */
  resplit?: true;
  payouts: Payout[];
  flags: ReceiptFlag[];
};

export type SplitRequest = { artifact: string; owner: string } & (
  | { amount: Money }
  | { period: Period; currency?: string; resplit?: boolean }
);

/** Revenue split by one set of policies: the graph they give, the minor units it carries, and the receipts. */
type Part = { graph: SplitGraph; minor: bigint; receipts?: number[] };

/**
 * Every party's payout for an amount, or for the revenue reported for a period, computed exactly from the ledger:
 * shares flow through the lineage, then the amount is divided in integer minor units by largest remainder (ties to
 * the smaller identity, bytewise), so the payouts always add up to the amount and the same ledger gives the same
 * output, byte for byte. A receipt's revenue flows by the policies and through the releases in force when it was
 * reported (policy-in-force.ts, release-in-force.ts); receipts under different ones are weighed exactly together
 * before the one final rounding.
 */
export function splitRevenue(index: AttributionIndex, request: SplitRequest): SplitResult {
  const latest = buildSplitGraph(index, request.artifact, { owner: request.owner });
  const { money, period, receipts, paid, flags } = resolveAmount(index, request);
  const resplit = "period" in request && request.resplit === true;
  const parts =
    paid === undefined || resplit
      ? [{ graph: latest, minor: money.minor, ...(paid === undefined ? {} : { receipts: paid.map((receipt) => receipt.index) }) }]
      : partsInForce(index, request, latest, paid, money.currency);
  const { units, shares } = combineShares(parts);
  const amounts = largestRemainder(
    money.minor,
    shares.map((share) => ({ key: share.party, weight: share.share })),
  );
  const payouts = shares
    .map((share) => ({
      party: share.party,
      amount: formatAmount({ minor: amounts.get(share.party) ?? 0n, currency: money.currency }),
      minor: amounts.get(share.party) ?? 0n,
      share: shareText(share.share, units),
      paths: share.paths.map((path) => ({
        share: `${(path.fraction * 100).toFixed(4).replace(/\.?0+$/, "")}%`,
        steps: path.steps,
      })),
    }))
    .sort((a, b) => (a.minor > b.minor ? -1 : a.minor < b.minor ? 1 : compareBytes(a.party, b.party)))
    .map(({ minor: _minor, ...payout }) => payout);
  return {
    artifact: request.artifact,
    currency: money.currency,
    amount: formatAmount(money),
    ...(period === undefined ? {} : { period }),
    ...(receipts === undefined ? {} : { receipts }),
    policies: entryUses(parts, (node) => node.policy),
    releases: entryUses(parts, (node) => node.release),
    ...(resplit ? { resplit: true as const } : {}),
    payouts,
    flags,
  };
}

/**
 * The receipts grouped by the releases and policies in force for each, each group carrying its revenue. The lineage is
 * walked again only when a release it looked up differs at a receipt (in log order, so once per release that changed
 * it, and never when none did), and a graph is built once per set of releases and policies.
 */
function partsInForce(
  index: AttributionIndex,
  request: SplitRequest,
  latest: SplitGraph,
  paid: CountedReceipt[],
  currency: string,
): Part[] {
  const build = (moment: SplitMoment) => buildSplitGraph(index, request.artifact, { owner: request.owner, moment });
  // A lineage is named by when it was walked: a later walk differs in a release (receipts come in log order).
  let lineage = { graph: latest, walk: 0 };
  const graphs = new Map<string, SplitGraph>([[inForceKey(index, lineage, "latest"), latest]]);
  const groups = new Map<string, { moment: SplitMoment; minor: bigint; receipts: number[] }>();
  for (const receipt of paid) {
    const moment = { entry: receipt.index, day: receipt.predicate.period.start };
    const rebuilt = !sameReleases(index, lineage.graph, moment);
    if (rebuilt) lineage = { graph: build(moment), walk: lineage.walk + 1 };
    const key = inForceKey(index, lineage, moment);
    if (rebuilt) graphs.set(key, lineage.graph);
    const group = groups.get(key) ?? { moment, minor: 0n, receipts: [] };
    group.minor += parseAmount(receipt.predicate.revenue?.amount as string, currency).minor;
    group.receipts.push(receipt.index);
    groups.set(key, group);
  }
  if (groups.size === 0) return [{ graph: latest, minor: 0n, receipts: [] }];
  return [...groups].map(([key, group]) => ({
    graph: graphs.get(key) ?? build(group.moment),
    minor: group.minor,
    receipts: group.receipts,
  }));
}

/** Whether every model `graph` looked up has the same release in force at `moment`: then its walk holds there too. */
function sameReleases(index: AttributionIndex, graph: SplitGraph, moment: SplitMoment): boolean {
  for (const [id, entry] of graph.releases ?? []) if ((releaseInForce(index, id, moment)?.index ?? null) !== entry) return false;
  return true;
}

/** The lineage's walk and the policy in force at `moment` for each of its models, as one key. */
function inForceKey(index: AttributionIndex, lineage: { graph: SplitGraph; walk: number }, moment: SplitMoment): string {
  const policies = [...lineage.graph.nodes.values()].flatMap((node) =>
    node.policy === undefined ? [] : [policyInForce(index, node.policy.artifact, moment)?.index ?? "default"],
  );
  return `${lineage.walk}:${policies.join(",")}`;
}

/**
 * Each party's share of all parts, exactly: a part's shares (out of SHARE_UNITS) weighed by the minor units it carries,
 * so the shares add up to `units` and the final largest remainder sees the exact sum. Parts that carry nothing weigh
 * the same, so a zero amount still shows the shares. A party's largest paths are kept, identical ones added up.
 */
function combineShares(parts: Part[]): {
  units: bigint;
  shares: { party: string; share: bigint; paths: { fraction: number; steps: string[] }[] }[];
} {
  const carried = parts.reduce((sum, part) => sum + part.minor, 0n);
  const weights = parts.map((part) => (carried === 0n ? 1n : part.minor));
  const total = weights.reduce((sum, weight) => sum + weight, 0n);
  const parties = new Map<string, { share: bigint; paths: Map<string, { fraction: number; steps: string[] }> }>();
  parts.forEach((part, i) => {
    const weight = weights[i] as bigint;
    if (weight === 0n) return;
    const scale = Number(weight) / Number(total);
    for (const share of computeShares(part.graph, SHARE_UNITS)) {
      const party = parties.get(share.party) ?? { share: 0n, paths: new Map() };
      party.share += share.share * weight;
      for (const path of share.paths) {
        const steps = pathStepsText(path.steps);
        const pathKey = steps.join("\u0000");
        const known = party.paths.get(pathKey);
        party.paths.set(pathKey, { fraction: (known?.fraction ?? 0) + path.fraction * scale, steps });
      }
      parties.set(share.party, party);
    }
  });
  return {
    units: SHARE_UNITS * total,
    shares: [...parties].map(([party, { share, paths }]) => ({
      party,
      share,
      paths: [...paths.values()].sort((a, b) => b.fraction - a.fraction).slice(0, PATHS_PER_PARTY),
    })),
  };
}

/** The policies or releases the parts used, once each, by artifact (bytewise) and entry (the default policy first). */
function entryUses<Use extends PolicyUse>(parts: Part[], used: (node: SplitNode) => Use | undefined): (Use & { receipts?: number[] })[] {
  const uses = new Map<string, Use & { receipts?: number[] }>();
  for (const part of parts) {
    for (const node of part.graph.nodes.values()) {
      const found = used(node);
      if (found === undefined) continue;
      const useKey = `${found.artifact}\u0000${found.entry}`;
      const use = uses.get(useKey) ?? { ...found, ...(part.receipts === undefined ? {} : { receipts: [] }) };
      use.receipts?.push(...(part.receipts ?? []));
      uses.set(useKey, use);
    }
  }
  return [...uses.values()]
    .map((use) => (use.receipts === undefined ? use : { ...use, receipts: use.receipts.sort((a, b) => a - b) }))
    .sort((a, b) => compareBytes(a.artifact, b.artifact) || (a.entry ?? -1) - (b.entry ?? -1));
}

function resolveAmount(
  index: AttributionIndex,
  request: SplitRequest,
): { money: Money; period?: Period; receipts?: SplitResult["receipts"]; paid?: CountedReceipt[]; flags: ReceiptFlag[] } {
  if ("amount" in request) return { money: request.amount, flags: [] };
  const { counted, flags } = countedReceipts(index, request.artifact, request.owner, request.period);
  const withRevenue = counted.filter((receipt) => receipt.predicate.revenue !== undefined);
  const currencies = [...new Set(withRevenue.map((receipt) => receipt.predicate.revenue?.currency as string))].sort();
  const currency = request.currency ?? currencies[0];
  if (currency === undefined) {
    throw new ShouldersError(
      "BAD_ARGUMENT",
      `no revenue is reported for ${request.artifact} in ${request.period.start}/${request.period.end}; pass \`amount\` instead`,
    );
  }
  if (request.currency === undefined && currencies.length > 1) {
    throw new ShouldersError(
      "BAD_ARGUMENT",
      `revenue for ${request.artifact} is reported in ${currencies.join(" and ")}; pass \`currency\` to split one of them`,
    );
  }
  const paid = withRevenue.filter((receipt) => receipt.predicate.revenue?.currency === currency);
  const minor = paid.reduce((sum, receipt) => sum + parseAmount(receipt.predicate.revenue?.amount as string, currency).minor, 0n);
  return { money: { minor, currency }, period: request.period, receipts: counted.map(describeReceipt), paid, flags };
}

function describeReceipt(receipt: CountedReceipt): NonNullable<SplitResult["receipts"]>[number] {
  const revenue = receipt.predicate.revenue;
  return {
    index: receipt.index,
    reporter: receipt.reporter,
    period: receipt.predicate.period,
    uses: receipt.predicate.uses,
    ...(revenue === undefined ? {} : { revenue: `${revenue.amount} ${revenue.currency}` }),
  };
}

/** A share as a percentage with up to 4 decimals, e.g. "12.5%". */
function shareText(share: bigint, total: bigint): string {
  const tenThousandths = (share * 1_000_000n + total / 2n) / total;
  return `${(Number(tenThousandths) / 10_000).toFixed(4).replace(/\.?0+$/, "")}%`;
}
