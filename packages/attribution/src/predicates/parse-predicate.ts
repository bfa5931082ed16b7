import { ShouldersError, type Statement } from "@shoulders/ledger";
import type { z } from "zod";

/** Parses a statement's predicate with `schema`; a mismatch is one PREDICATE_INVALID line naming the field. */
export function parsePredicate<S extends z.ZodType>(schema: S, statement: Statement, what: string): z.infer<S> {
  const parsed = schema.safeParse(statement.predicate ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? issue.path.join(".") : "predicate";
    throw new ShouldersError("PREDICATE_INVALID", `${what}: ${path}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}
