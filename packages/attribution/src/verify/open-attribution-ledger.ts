import { type Ledger, openLedger } from "@shoulders/ledger";
import { predicateValidators } from "../predicates/index.js";

/**
 * The ledger with every predicate this project defines attached: each write validates them before anything is signed,
 * each read and verify applies them. The one way the CLI, the actions and the Hub commands open a ledger to write it.
 */
export function openAttributionLedger(dir: string): Ledger {
  return openLedger(dir, { predicates: predicateValidators() });
}
