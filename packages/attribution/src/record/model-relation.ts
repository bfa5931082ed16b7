import { ShouldersError } from "@shoulders/ledger";
import type { ModelRelation } from "../lineage/ancestors.js";
import { MODEL_RELATIONS } from "../predicates/index.js";

/** How a release relates to its base models, one of the Hub's `base_model_relation` values. */
export function parseModelRelation(text: string): ModelRelation {
  if (!(MODEL_RELATIONS as readonly string[]).includes(text)) {
    throw new ShouldersError("BAD_ARGUMENT", `\`relation\` must be one of ${MODEL_RELATIONS.join(", ")}`);
  }
  return text as ModelRelation;
}
