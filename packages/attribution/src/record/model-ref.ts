import { ShouldersError } from "@shoulders/ledger";
import type { AttributionIndex } from "../attribution-index.js";
import { ModelRef } from "../predicates/index.js";

/**
 * Checks a base model reference: a model released in this ledger (ORG/NAME), or an external Hub model written
 * hf:ORG/NAME[@REVISION]. An unknown plain id is refused rather than guessed, so a typo never becomes lineage.
 */
export function resolveModelRef(ref: string, index: AttributionIndex): string {
  if (!ModelRef.safeParse(ref).success) {
    throw new ShouldersError("BAD_ARGUMENT", `--base-model "${ref}" must be ORG/NAME (released in this ledger) or hf:ORG/NAME[@REVISION]`);
  }
  if (ref.startsWith("hf:")) return ref;
  const id = ref.split("@")[0] as string;
  if (!index.releases.has(id)) {
    throw new ShouldersError("UNKNOWN_ARTIFACT", `no model "${id}" is released in this ledger; for a Hugging Face model write hf:${ref}`);
  }
  return ref;
}
