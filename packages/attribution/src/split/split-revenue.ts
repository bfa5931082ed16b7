import { ShouldersError } from "@shoulders/ledger";
import type { AttributionIndex } from "../attribution-index.js";
import { formatAmount, type Money, parseAmount } from "../money/amount.js";
import { compareBytes, largestRemainder } from "../money/largest-remainder.js";
import { buildSplitGraph } from "./build-split-graph.js";
import { type PolicyMoment, policyInForce } from "./policy-in-force.js";
import { type CountedReceipt, countedReceipts, type Period, type ReceiptFlag } from "./receipts.js";
import { computeShares, PATHS_PER_PARTY, type PolicyUse, pathStepsText, type SplitGraph } from "./split-graph.js";

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
  /** A past period split under the latest policies on request, not those in force when its revenue was reported. */
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
 * output, byte for byte. A receipt's revenue flows by the policies in force when it was reported (policy-in-force.ts);
 * receipts under different policies are weighed exactly together before the one final rounding.
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
    policies: policyUses(parts),
    ...(resplit ? { resplit: true as const } : {}),
    payouts,
    flags,
  };
}

/**
 * The receipts grouped by the policies in force for each (so a graph is built once per set of policies, and once in
 * all when no policy changed during the period), each group carrying its revenue.
 */
function partsInForce(
  index: AttributionIndex,
  request: SplitRequest,
  latest: SplitGraph,
  paid: CountedReceipt[],
  currency: string,
): Part[] {
  const models = [...latest.nodes.values()].flatMap((node) => (node.policy === undefined ? [] : [node.policy.artifact]));
  const key = (moment: PolicyMoment) => models.map((model) => policyInForce(index, model, moment)?.index ?? "default").join(",");
  const latestKey = key("latest");
  const groups = new Map<string, { moment: PolicyMoment; minor: bigint; receipts: number[] }>();
  for (const receipt of paid) {
    const moment = { entry: receipt.index, day: receipt.predicate.period.start };
    const group = groups.get(key(moment)) ?? { moment, minor: 0n, receipts: [] };
    group.minor += parseAmount(receipt.predicate.revenue?.amount as string, currency).minor;
    group.receipts.push(receipt.index);
    groups.set(key(moment), group);
  }
  if (groups.size === 0) return [{ graph: latest, minor: 0n, receipts: [] }];
  return [...groups].map(([groupKey, group]) => ({
    graph: groupKey === latestKey ? latest : buildSplitGraph(index, request.artifact, { owner: request.owner, policies: group.moment }),
    minor: group.minor,
    receipts: group.receipts,
  }));
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

/** The policies the parts used, once each, by artifact (bytewise) and entry (the default first). */
function policyUses(parts: Part[]): SplitResult["policies"] {
  const uses = new Map<string, SplitResult["policies"][number]>();
  for (const part of parts) {
    for (const node of part.graph.nodes.values()) {
      if (node.policy === undefined) continue;
      const useKey = `${node.policy.artifact}\u0000${node.policy.entry}`;
      const use = uses.get(useKey) ?? { ...node.policy, ...(part.receipts === undefined ? {} : { receipts: [] }) };
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
