import { ShouldersError } from "@shoulders/ledger";
import type { AttributionIndex } from "../attribution-index.js";
import { formatAmount, type Money, parseAmount } from "../money/amount.js";
import { compareBytes, largestRemainder } from "../money/largest-remainder.js";
import { buildSplitGraph } from "./build-split-graph.js";
import { type CountedReceipt, countedReceipts, type Period, type ReceiptFlag } from "./receipts.js";
import { computeShares, pathStepsText } from "./split-graph.js";

/** Shares are computed at this resolution before the one final rounding to minor units. */
const SHARE_UNITS = 10n ** 24n;

export type Payout = { party: string; amount: string; share: string; paths: { share: string; steps: string[] }[] };

export type SplitResult = {
  artifact: string;
  currency: string;
  amount: string;
  period?: Period;
  receipts?: { index: number; reporter: string; period: Period; uses: number; revenue?: string }[];
  payouts: Payout[];
  flags: ReceiptFlag[];
};

export type SplitRequest = { artifact: string; owner: string } & ({ amount: Money } | { period: Period; currency?: string });

/**
 * Every party's payout for an amount, or for the revenue reported for a period, computed exactly from the ledger:
 * shares flow through the lineage, then the amount is divided in integer minor units by largest remainder (ties to
 * the smaller identity, bytewise), so the payouts always add up to the amount and the same ledger gives the same
 * output, byte for byte.
 */
export function splitRevenue(index: AttributionIndex, request: SplitRequest): SplitResult {
  const graph = buildSplitGraph(index, request.artifact, { owner: request.owner });
  const { money, period, receipts, flags } = resolveAmount(index, request);
  const shares = computeShares(graph, SHARE_UNITS);
  const amounts = largestRemainder(
    money.minor,
    shares.map((share) => ({ key: share.party, weight: share.share })),
  );
  const payouts = shares
    .map((share) => ({
      party: share.party,
      amount: formatAmount({ minor: amounts.get(share.party) ?? 0n, currency: money.currency }),
      minor: amounts.get(share.party) ?? 0n,
      share: shareText(share.share, SHARE_UNITS),
      paths: share.paths.map((path) => ({
        share: `${(path.fraction * 100).toFixed(4).replace(/\.?0+$/, "")}%`,
        steps: pathStepsText(path.steps),
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
    payouts,
    flags,
  };
}

function resolveAmount(
  index: AttributionIndex,
  request: SplitRequest,
): { money: Money; period?: Period; receipts?: SplitResult["receipts"]; flags: ReceiptFlag[] } {
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
  let minor = 0n;
  for (const receipt of withRevenue) {
    const revenue = receipt.predicate.revenue as { amount: string; currency: string };
    if (revenue.currency === currency) minor += parseAmount(revenue.amount, currency).minor;
  }
  return { money: { minor, currency }, period: request.period, receipts: counted.map(describeReceipt), flags };
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
