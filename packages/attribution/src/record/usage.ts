import { ShouldersError, STATEMENT_TYPE, type Statement } from "@shoulders/ledger";
import type { AttributionIndex } from "../attribution-index.js";
import type { Money } from "../money/amount.js";
import { formatAmount } from "../money/amount.js";
import { USAGE_PREDICATE_TYPE, type UsagePredicate } from "../predicates/index.js";
import { countedReceipts, type Period } from "../split/receipts.js";

export type UsageInput = {
  artifact: string;
  uses: number;
  revenue?: Money;
  period: Period;
  supersedes?: number;
  /** The reporter as the split will see it: the signing key's identity, or the owner for a log key. */
  reporter: string;
  owner: string;
  index: AttributionIndex;
};

/**
 * A usage receipt. It is refused when it overlaps a receipt the same reporter already filed for the same artifact,
 * unless it supersedes that receipt, so double counting is stopped when it is written and not only when it is paid.
 */
export function usageStatement(input: UsageInput): Statement {
  const release = input.index.release(input.artifact);
  const { counted } = countedReceipts(input.index, input.artifact, input.owner);
  const mine = counted.filter((receipt) => receipt.reporter === input.reporter);
  if (input.supersedes !== undefined && !mine.some((receipt) => receipt.index === input.supersedes)) {
    throw new ShouldersError(
      "BAD_ARGUMENT",
      `\`supersedes\` ${input.supersedes}: entry ${input.supersedes} is not a counted receipt by ${input.reporter} for ${input.artifact}`,
    );
  }
  const clash = mine.find(
    (receipt) =>
      receipt.index !== input.supersedes &&
      receipt.predicate.period.start <= input.period.end &&
      input.period.start <= receipt.predicate.period.end,
  );
  if (clash !== undefined) {
    const { start, end } = clash.predicate.period;
    throw new ShouldersError(
      "BAD_ARGUMENT",
      `this period overlaps your receipt at entry ${clash.index} (${start}/${end}); to correct it, pass \`supersedes\` ${clash.index}`,
    );
  }
  const predicate: UsagePredicate = {
    artifact: input.artifact,
    period: input.period,
    uses: input.uses,
    ...(input.revenue === undefined ? {} : { revenue: { amount: formatAmount(input.revenue), currency: input.revenue.currency } }),
    ...(input.supersedes === undefined ? {} : { supersedes: input.supersedes }),
  };
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: `model:${input.artifact}`, digest: { sha256: release.predicate.manifest } }],
    predicateType: USAGE_PREDICATE_TYPE,
    predicate,
  };
}
