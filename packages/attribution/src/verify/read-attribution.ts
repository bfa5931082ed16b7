import {
  type LedgerEntry,
  ShouldersError,
  type SignerRegistry,
  type VerifyOptions,
  type VerifyResult,
  verifyLedger,
} from "@shoulders/ledger";
import { AttributionIndex } from "../attribution-index.js";
import { predicateValidators } from "../predicates/index.js";

export type ReadOptions = Omit<VerifyOptions, "predicates" | "collect">;

export type Attribution = {
  index: AttributionIndex;
  entries: LedgerEntry[];
  registry: SignerRegistry;
  origin: string;
  treeSize: number;
};

/**
 * What the ledger says, for readers (lineage, licenses, splits, cards, the PR bot): the log is verified first, with
 * every predicate this project knows validated, and a reader never builds on a ledger that does not verify. The one
 * way every entry point opens a ledger to read it.
 */
export function readAttribution(options: ReadOptions): Attribution {
  const result = verifyLedger({ ...options, predicates: predicateValidators(), collect: true });
  if (!result.valid) throw invalidLedger(result);
  return attributionOf(result);
}

/** The index of a verified ledger (a result of verifyLedger with `collect`). */
export function attributionOf(result: VerifyResult): Attribution {
  const entries = result.statements ?? [];
  const registry = result.registry as SignerRegistry;
  return { index: new AttributionIndex(entries, registry), entries, registry, origin: result.origin ?? "", treeSize: result.treeSize };
}

/** The first problem of a ledger that does not verify, as one coded error for callers that refuse to go on. */
export function invalidLedger(result: Pick<VerifyResult, "errors">, context = ""): ShouldersError {
  const first = result.errors[0];
  if (first === undefined) return new ShouldersError("INTERNAL", "the ledger was reported invalid without a reason");
  const code = first.code === "COMPROMISED" || first.code === "UNRECOGNISED_PREDICATE" ? "INTERNAL" : first.code;
  const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more; run \`shoulders verify\` for every problem)` : "";
  return new ShouldersError(code, `${context}${first.message}${more}`, first.index === undefined ? {} : { index: first.index });
}
