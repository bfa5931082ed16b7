import { ShouldersError, STATEMENT_TYPE, type Statement } from "@shoulders/ledger";
import { CONFLICT_CODES } from "@shoulders/license";
import type { AttributionIndex } from "../attribution-index.js";
import { ACCEPTANCE_PREDICATE_TYPE, type AcceptancePredicate, AcceptancePredicateSchema } from "../predicates/index.js";

export type AcceptanceInput = {
  /** A model released in this ledger. */
  artifact: string;
  /** One of the license package's conflict codes. */
  conflict: string;
  reason: string;
  /** Narrows the acceptance to one input; without it, the code is accepted for every input. */
  ancestor?: string;
};

/**
 * A team's signed acceptance of a known license conflict of a release: every later check and card shows it. Only a
 * code the checks can raise may be accepted (a typo would accept nothing and look like it did), and every field is
 * checked by the predicate's schema as a coded error, before anything is signed.
 */
export function acceptanceStatement(
  input: AcceptanceInput,
  index: AttributionIndex,
): { statement: Statement; predicate: AcceptancePredicate } {
  if (!(CONFLICT_CODES as readonly string[]).includes(input.conflict)) {
    throw new ShouldersError("BAD_ARGUMENT", `\`conflict\` ${input.conflict} is not a conflict code (${CONFLICT_CODES.join(", ")})`);
  }
  const release = index.release(input.artifact);
  const parsed = AcceptancePredicateSchema.safeParse({
    artifact: input.artifact,
    conflict: input.conflict,
    reason: input.reason,
    ...(input.ancestor === undefined ? {} : { ancestor: input.ancestor }),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ShouldersError(
      "BAD_ARGUMENT",
      `acceptance for ${input.artifact}: \`${issue?.path.join(".") || "predicate"}\`: ${issue?.message}`,
    );
  }
  const statement: Statement = {
    _type: STATEMENT_TYPE,
    subject: [{ name: `model:${input.artifact}`, digest: { sha256: release.predicate.manifest } }],
    predicateType: ACCEPTANCE_PREDICATE_TYPE,
    predicate: parsed.data,
  };
  return { statement, predicate: parsed.data };
}
