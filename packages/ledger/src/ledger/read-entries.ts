import { ShouldersError } from "../errors.js";
import type { SignerRegistry } from "../trust/signer-registry.js";
import { type LedgerEntry, type VerifyOptions, verifyLedger } from "../verify/verify-ledger.js";

/**
 * The committed entries of a ledger, for readers (lineage, licenses, splits). The ledger is verified first: a reader
 * never builds on an entry that does not verify. Entries in a compromise window are returned flagged, so each reader
 * decides to leave them out.
 */
export function readEntries(options: Omit<VerifyOptions, "collect">): {
  entries: LedgerEntry[];
  registry: SignerRegistry;
  treeSize: number;
} {
  const result = verifyLedger({ ...options, collect: true });
  const first = result.errors[0];
  if (first !== undefined) {
    const hint = first.code === "TRUST_MISSING" ? "" : " (run `shoulders verify` for every problem)";
    throw new ShouldersError(
      first.code === "COMPROMISED" || first.code === "UNRECOGNISED_PREDICATE" ? "INTERNAL" : first.code,
      `${first.message}${hint}`,
      first.index === undefined ? {} : { index: first.index },
    );
  }
  return { entries: result.statements ?? [], registry: result.registry as SignerRegistry, treeSize: result.treeSize };
}
