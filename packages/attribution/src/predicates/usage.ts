import { z } from "zod";
import { ArtifactId, Count, PREDICATE_BASE } from "./common.js";

export const USAGE_PREDICATE_TYPE = `${PREDICATE_BASE}/usage/v1`;

/** A calendar date, the unit of usage periods: a period's start and end days are both included. */
export const Day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "a day is YYYY-MM-DD");

/**
 * A usage receipt: an inference provider (or the owner) reports how many runs of an artifact happened in a period,
 * and the revenue they brought. Signed by the reporter's own key; its identity is the reporter.
 */
export const UsagePredicateSchema = z.object({
  artifact: ArtifactId,
  period: z.object({ start: Day, end: Day }),
  uses: Count,
  /** Decimal string in the currency's minor-unit precision, e.g. "480.00": never a float. */
  revenue: z.object({ amount: z.string().regex(/^(0|[1-9]\d{0,30})(\.\d+)?$/), currency: z.string().regex(/^[A-Z]{3}$/) }).optional(),
  /** The ledger index of an earlier receipt by the same reporter that this one corrects. */
  supersedes: Count.optional(),
});

export type UsagePredicate = z.infer<typeof UsagePredicateSchema>;
