import { type AttributionIndex, countedReceipts, type Period, type SplitResult, splitRevenue } from "@shoulders/attribution";
import { compare } from "./lineage-snapshot.js";

/** The revenue an artifact's receipts report for one period, before → after, as `shoulders split` prints it. */
export type RevenueChange = { artifact: string; period: Period; currency: string; before?: string; after?: string };
/** One party's payout from one period's revenue, before → after. */
export type PayoutChange = RevenueChange & { party: string };
export type RevenueChanges = { revenue: RevenueChange[]; payouts: PayoutChange[]; problems: string[] };

/** Periods compared per artifact, the latest first: enough for years of monthly receipts, bounded for the bot. */
const MAX_PERIODS = 36;

/**
 * What a merge changes in the money actually reported: for each artifact and each period its counted receipts cover
 * (before or after), the revenue and every party's payout, each computed by splitRevenue exactly as `shoulders split
 * --period` would print it. A receipt that supersedes another, a new policy or a new contributor all show here as
 * amounts; a receipt that does not count (an unauthorised reporter) changes nothing and shows nothing.
 */
export function revenueChanges(before: AttributionIndex | undefined, after: AttributionIndex | undefined, owner: string): RevenueChanges {
  const out: RevenueChanges = { revenue: [], payouts: [], problems: [] };
  const artifacts = new Set([...(before?.usage ?? []), ...(after?.usage ?? [])].map((receipt) => receipt.predicate.artifact));
  for (const artifact of [...artifacts].sort(compare)) {
    const periods = new Map<string, { period: Period; currencies: Set<string> }>();
    for (const index of [before, after]) {
      if (index === undefined) continue;
      for (const receipt of countedReceipts(index, artifact, owner).counted) {
        const { period, revenue } = receipt.predicate;
        if (revenue === undefined) continue;
        const key = `${period.start}/${period.end}`;
        const entry = periods.get(key) ?? { period, currencies: new Set<string>() };
        entry.currencies.add(revenue.currency);
        periods.set(key, entry);
      }
    }
    const latest = [...periods.values()].sort((a, b) => compare(b.period.end, a.period.end) || compare(b.period.start, a.period.start));
    if (latest.length > MAX_PERIODS)
      out.problems.push(`only the ${MAX_PERIODS} latest of ${latest.length} periods of ${artifact} were compared`);
    for (const { period, currencies } of latest.slice(0, MAX_PERIODS).reverse()) {
      for (const currency of [...currencies].sort(compare)) {
        const was = split(before, { artifact, owner, period, currency }, out.problems);
        const now = split(after, { artifact, owner, period, currency }, out.problems);
        const where = { artifact, period, currency };
        if (was?.amount !== now?.amount) out.revenue.push({ ...where, ...amounts(was?.amount, now?.amount) });
        const paid = (result: SplitResult | undefined) => new Map(result?.payouts.map((payout) => [payout.party, payout.amount]));
        const [old, current] = [paid(was), paid(now)];
        for (const party of [...new Set([...old.keys(), ...current.keys()])].sort(compare)) {
          if (old.get(party) !== current.get(party)) out.payouts.push({ ...where, party, ...amounts(old.get(party), current.get(party)) });
        }
      }
    }
  }
  return out;
}

function amounts(before: string | undefined, after: string | undefined): { before?: string; after?: string } {
  return { ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) };
}

/** A period's split, or undefined when that ledger reports no revenue for it; any other failure is a problem to show. */
function split(
  index: AttributionIndex | undefined,
  request: { artifact: string; owner: string; period: Period; currency: string },
  problems: string[],
): SplitResult | undefined {
  if (index === undefined) return undefined;
  const { counted } = countedReceipts(index, request.artifact, request.owner, request.period);
  if (!counted.some((receipt) => receipt.predicate.revenue?.currency === request.currency)) return undefined;
  try {
    return splitRevenue(index, request);
  } catch (error) {
    const problem = `the payouts of ${request.artifact} for ${request.period.start}/${request.period.end} could not be computed: ${(error as Error).message}`;
    if (!problems.includes(problem)) problems.push(problem);
    return undefined;
  }
}
