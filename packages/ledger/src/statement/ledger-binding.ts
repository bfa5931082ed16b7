import { z } from "zod";
import { ShouldersError } from "../errors.js";
import type { Statement } from "./statement.js";

/**
 * The predicate member that binds a statement to the one ledger, and for a log key's own statements to the one entry,
 * it was signed for (docs/format.md, "Bound to one ledger"). A signature covers the payload only, so without it a
 * statement from a sister ledger that shares a key (a key statement, a split policy) would read as this ledger's, and
 * an old one appended again would read as new. It lives in the predicate, a free-form object in in-toto, because
 * strict Statement parsers (protobuf JSON in sigstore-go) refuse unknown top-level members; its name is a URI, as
 * in-toto asks of extension fields, so it cannot collide with a predicate's own fields.
 */
export const LEDGER_MEMBER = "https://shoulders.dev/attribution/ledger";

/**
 * `origin` names the ledger. `index` is set by the log writer, which knows where the line goes; a pending statement
 * has none, since its author cannot know the index it will get, and the log refuses a second copy of it instead.
 */
export const LedgerBindingSchema = z.strictObject({
  origin: z.string().min(1).max(1024),
  index: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});
export type LedgerBinding = z.infer<typeof LedgerBindingSchema>;

/**
 * The statement as it is signed for `binding`: its predicate names the ledger (and the entry). A statement already
 * bound to another ledger is refused: a writer never re-signs another ledger's statement as its own.
 */
export function bindStatement(statement: Statement, binding: LedgerBinding): Statement {
  const existing = LedgerBindingSchema.safeParse(statement.predicate?.[LEDGER_MEMBER]);
  if (statement.predicate !== undefined && Object.hasOwn(statement.predicate, LEDGER_MEMBER) && existing.data?.origin !== binding.origin) {
    throw new ShouldersError(
      "FOREIGN_STATEMENT",
      `the statement is bound to another ledger than "${binding.origin}" (predicate member "${LEDGER_MEMBER}")`,
    );
  }
  return { ...statement, predicate: { ...(statement.predicate ?? {}), [LEDGER_MEMBER]: binding } };
}

/**
 * Refuses, at entry `index` of the ledger named `origin`, a statement that was signed for another ledger, for another
 * entry, or for no ledger at all (it could then have been signed for any).
 */
export function assertBound(statement: Statement, origin: string, index: number): void {
  const member = statement.predicate?.[LEDGER_MEMBER];
  const parsed = LedgerBindingSchema.safeParse(member);
  if (!parsed.success) {
    throw new ShouldersError(
      "FOREIGN_STATEMENT",
      member === undefined
        ? `the statement names no ledger (predicate member "${LEDGER_MEMBER}"), so it could have been signed for any; writers bind each statement to its ledger's origin`
        : `the statement's predicate member "${LEDGER_MEMBER}" is not {origin, index?}`,
    );
  }
  const binding = parsed.data;
  if (binding.origin !== origin) {
    throw new ShouldersError(
      "FOREIGN_STATEMENT",
      `the statement was signed for the ledger "${binding.origin.slice(0, 200)}", not for this one ("${origin}")`,
    );
  }
  if (binding.index !== undefined && binding.index !== index) {
    throw new ShouldersError("FOREIGN_STATEMENT", `the statement was signed for entry ${binding.index}, not for entry ${index}: a replay`);
  }
}
