import { ShouldersError } from "../errors.js";
import type { Trust } from "../trust/trust-file.js";
import { editWitnesses } from "./edit-witnesses.js";

/**
 * Stops listing the witnesses `which` names, by verifier key or by name. Several witnesses may share a name (the name
 * is not signed, cosignature/v1), so a name removes them all; naming none is an error, not a silent success.
 */
export function removeWitness(dir: string, which: string): { removed: number; trust: Trust } {
  let removed = 0;
  const trust = editWitnesses(dir, (witnesses) => {
    const kept = witnesses.filter((listed) => listed.key.text !== which && listed.key.name !== which);
    removed = witnesses.length - kept.length;
    return kept;
  });
  if (removed === 0) throw new ShouldersError("BAD_ARGUMENT", `no witness named ${JSON.stringify(which)} in trust.json`);
  return { removed, trust };
}
