import { z } from "zod";
import { ArtifactId, Identity, PREDICATE_BASE } from "./common.js";
import { Day } from "./usage.js";

export const POLICY_PREDICATE_TYPE = `${PREDICATE_BASE}/split-policy/v1`;

/** Shares are integers in parts per million, so a policy means the same thing to every tool that reads it. */
export const PPM = 1_000_000;
const Share = z.number().int().min(0).max(PPM);
const Weight = z.number().int().min(0).max(1_000_000_000);

/**
 * How an artifact's income is split. `upstream` flows to its inputs (datasets by the uses of their records, base
 * models by declared weight); the rest stays with its own contributors (the trainer of its run and the authors of the
 * code commits up to the run's code revision).
 */
export const SplitPolicySchema = z.object({
  artifact: ArtifactId,
  /**
   * The first day whose revenue it splits: a receipt whose period starts earlier keeps the policy that was in force
   * (docs/revenue-split.md, "Policies in time"). Writers set it to the day of recording or later, never earlier.
   */
  effectiveFrom: Day.optional(),
  upstream: Share,
  inputs: z.object({
    datasets: Share,
    baseModels: Share,
    /** Relative weights of base models by reference; a base model not listed weighs 1. */
    baseModelWeights: z.record(z.string(), Weight).optional(),
  }),
  own: z.object({
    trainer: Share,
    code: Share,
    codeWeighting: z.enum(["commits", "lines", "declared"]),
    /** With codeWeighting "declared": each author's relative share. */
    declared: z.record(Identity, Weight).optional(),
  }),
});

export type SplitPolicy = z.infer<typeof SplitPolicySchema>;
