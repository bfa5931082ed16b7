import type { Trust, TrustedWitness } from "../trust/trust-file.js";
import { editWitnesses } from "./edit-witnesses.js";

/** Lists a witness in trust.json, replacing any entry with the same key (a new URL for the same witness). */
export function addWitness(dir: string, witness: TrustedWitness): Trust {
  return editWitnesses(dir, (witnesses) => [...witnesses.filter((listed) => listed.key.text !== witness.key.text), witness]);
}
