import type { AttributionIndex, Policy } from "../attribution-index.js";

/**
 * When a split reads policies and releases: at a usage receipt (its entry and the first day of its period), or
 * "latest", the last ones recorded for each model (for a given amount, and for a past period re-split on request).
 */
export type SplitMoment = "latest" | { entry: number; day: string };

/**
 * The policy that splits `artifact`'s revenue at `moment` (docs/revenue-split.md, "Policies in time"), or undefined for
 * the default policy: the latest one recorded at an entry below the receipt's, whose `effectiveFrom` day (if it has
 * one) is on or before the first day of the receipt's period. The entry order is the log's, which nobody can rewrite,
 * so a policy recorded today never re-splits revenue already reported; the day keeps it off a receipt reported late
 * for a period before the policy.
 */
export function policyInForce(index: AttributionIndex, artifact: string, moment: SplitMoment): Policy | undefined {
  if (moment === "latest") return index.policies.get(artifact);
  const history = index.policyHistory.get(artifact) ?? [];
  for (let i = history.length - 1; i >= 0; i--) {
    const policy = history[i] as Policy;
    const from = policy.predicate.effectiveFrom;
    if (policy.index < moment.entry && (from === undefined || from <= moment.day)) return policy;
  }
  return undefined;
}
