import type { AttributionIndex, UsageReceipt } from "../attribution-index.js";
import { partyNames } from "../identity/party-names.js";

export type Period = { start: string; end: string };

export type ReceiptFlag = {
  index: number;
  code: "RECEIPT_OVERLAP" | "RECEIPT_UNAUTHORISED" | "RECEIPT_BAD_SUPERSEDES" | "RECEIPT_OUTSIDE_PERIOD";
  message: string;
};

export type CountedReceipt = UsageReceipt & { reporter: string };

function overlaps(a: Period, b: Period): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/**
 * The receipts that count for an artifact, in log order. A receipt counts when a log key or a key with the `usage`
 * role signed it. Receipts from one reporter for one artifact must not overlap: an overlapping one that reached the
 * ledger anyway is flagged and counted once (the earlier stands), unless it supersedes the earlier one by index.
 */
export function countedReceipts(
  index: AttributionIndex,
  artifact: string,
  owner: string,
  period?: Period,
): { counted: CountedReceipt[]; flags: ReceiptFlag[] } {
  const flags: ReceiptFlag[] = [];
  const byReporter = new Map<string, CountedReceipt[]>();
  const party = partyNames(index, owner);
  for (const receipt of index.usage) {
    if (receipt.predicate.artifact !== artifact) continue;
    const identity = index.authoredWithRole(receipt, "usage") ? index.authorIdentity(receipt) : undefined;
    if (identity === undefined) {
      flags.push({
        index: receipt.index,
        code: "RECEIPT_UNAUTHORISED",
        message: `the receipt at entry ${receipt.index} is not authored by a log key or a key with the usage role: ignored`,
      });
      continue;
    }
    const reporter = party(identity);
    const mine = byReporter.get(reporter) ?? [];
    const supersedes = receipt.predicate.supersedes;
    if (supersedes !== undefined) {
      const position = mine.findIndex((earlier) => earlier.index === supersedes);
      if (position === -1) {
        flags.push({
          index: receipt.index,
          code: "RECEIPT_BAD_SUPERSEDES",
          message: `the receipt at entry ${receipt.index} supersedes entry ${supersedes}, which is not a counted receipt by ${reporter}: ignored`,
        });
        continue;
      }
      mine.splice(position, 1);
    }
    const clash = mine.find((earlier) => overlaps(earlier.predicate.period, receipt.predicate.period));
    if (clash !== undefined) {
      flags.push({
        index: receipt.index,
        code: "RECEIPT_OVERLAP",
        message: `the receipt at entry ${receipt.index} overlaps entry ${clash.index} from ${reporter} for ${artifact}: counted once (entry ${clash.index})`,
      });
      continue;
    }
    mine.push({ ...receipt, reporter });
    byReporter.set(reporter, mine);
  }
  const counted = [...byReporter.values()].flat().sort((a, b) => a.index - b.index);
  if (period === undefined) return { counted, flags };
  const inside: CountedReceipt[] = [];
  for (const receipt of counted) {
    const { start, end } = receipt.predicate.period;
    if (start >= period.start && end <= period.end) inside.push(receipt);
    else if (overlaps(receipt.predicate.period, period)) {
      flags.push({
        index: receipt.index,
        code: "RECEIPT_OUTSIDE_PERIOD",
        message: `the receipt at entry ${receipt.index} (${start}/${end}) only partly overlaps ${period.start}/${period.end}: not counted`,
      });
    }
  }
  return { counted: inside, flags };
}
