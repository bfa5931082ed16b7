import { writeFileAtomic } from "../store/atomic-write.js";
import { layoutOf } from "../store/layout.js";
import { acquireLock } from "../store/lock.js";
import { readTrust } from "../store/log-writer.js";
import { formatTrust, parseTrust, type Trust, type TrustedWitness } from "../trust/trust-file.js";

/**
 * Changes the witnesses trust.json lists, under the ledger lock; the one writer of trust.json besides a rotation. The
 * new file is read back by the rule every reader applies before it replaces the old, so a bad entry changes nothing.
 */
export function editWitnesses(dir: string, edit: (witnesses: TrustedWitness[]) => TrustedWitness[]): Trust {
  const layout = layoutOf(dir);
  const release = acquireLock(layout.lock);
  try {
    const trust = readTrust(layout);
    const updated = formatTrust({ ...trust, witnesses: edit(trust.witnesses ?? []) });
    const parsed = parseTrust(updated, "the new trust.json");
    writeFileAtomic(layout.trust, updated);
    return parsed;
  } finally {
    release();
  }
}
