import { ShouldersError } from "@shoulders/ledger";
import { parseDay } from "../split/period.js";

/**
 * The first day a policy being recorded splits: the day given, else the day of recording (UTC), and never earlier. A
 * new policy may change how revenue is split from now on, never revenue already earned: a receipt reported late for
 * an earlier period keeps the policy that was in force then (docs/revenue-split.md, "Policies in time").
 */
export function policyEffectiveFrom(day: string | undefined, now: Date): string {
  const today = now.toISOString().slice(0, 10);
  if (day === undefined) return today;
  if (parseDay(day, "effectiveFrom") < today) {
    throw new ShouldersError(
      "BAD_ARGUMENT",
      `\`effectiveFrom\` ${day} is before today (${today}): a policy never reaches back into revenue already earned`,
    );
  }
  return day;
}
