import { PPM, type SplitPolicy } from "../predicates/index.js";

/**
 * The split when an artifact declares none (docs/revenue-split.md): 30% flows upstream to its inputs, half to datasets
 * (by the uses of their records) and half to base models; 70% stays with its own contributors, half to the trainer
 * and half to the code authors, weighted by commits.
 */
export function defaultPolicy(artifact: string): SplitPolicy {
  return {
    artifact,
    upstream: 300_000,
    inputs: { datasets: PPM / 2, baseModels: PPM / 2 },
    own: { trainer: PPM / 2, code: PPM / 2, codeWeighting: "commits" },
  };
}

/** 300000 ppm → "30%"; 333333 → "33.3333%". */
export function percent(ppm: number): string {
  const text = (ppm / 10_000).toFixed(4).replace(/\.?0+$/, "");
  return `${text}%`;
}
