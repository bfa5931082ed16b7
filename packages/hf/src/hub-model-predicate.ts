import { predicateValidators } from "@shoulders/attribution";
import type { Statement } from "@shoulders/ledger";

export {
  HUB_MODEL_PREDICATE_TYPE,
  type HubModelPredicate,
  HubModelPredicateSchema,
  hubModelSubjectName,
  validateHubModelStatement,
} from "@shoulders/attribution";

/** The validators `verifyLedger` and `readEntries` run: attribution's, which include the hub-model predicate. */
export function hfPredicateValidators(): Map<string, (statement: Statement) => void> {
  return predicateValidators();
}
