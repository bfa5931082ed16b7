import { ShouldersError } from "@shoulders/ledger";
import type { AttributionIndex } from "../attribution-index.js";
import { ModelRef } from "../predicates/index.js";

/**
 * A model reference, read: a model released in this ledger (ID, ORG/NAME, optionally @VERSION), or a model on the
 * Hugging Face Hub (hf:ORG/NAME, optionally @REVISION).
 */
export type ModelReference = { kind: "ledger"; id: string; version?: string } | { kind: "hub"; repo: string; revision?: string };

/**
 * The one reader of model references. The grammar is the ModelRef schema's, so every reference a predicate holds
 * parses; an id never holds "@", so the first "@" starts the version or revision (a revision may hold "/").
 */
export function parseModelRef(text: string, what = "a model"): ModelReference {
  const ref = readModelRef(text);
  if (ref === undefined) {
    throw new ShouldersError("BAD_ARGUMENT", `${what} "${text}" must be ORG/NAME (released in this ledger) or hf:ORG/NAME[@REVISION]`);
  }
  return ref;
}

/** The same reading, for a caller that has its own answer to text that is no reference (e.g. "unknown artifact"). */
export function readModelRef(text: string): ModelReference | undefined {
  if (!ModelRef.safeParse(text).success) return undefined;
  const hub = text.startsWith("hf:");
  const at = text.indexOf("@");
  const name = text.slice(hub ? 3 : 0, at === -1 ? undefined : at);
  const tag = at === -1 ? undefined : text.slice(at + 1);
  if (hub) return { kind: "hub", repo: name, ...(tag === undefined ? {} : { revision: tag }) };
  return { kind: "ledger", id: name, ...(tag === undefined ? {} : { version: tag }) };
}

/**
 * Checks one of the `baseModels` a run or release names. An unknown ledger id is refused rather than guessed, so a
 * typo never becomes lineage.
 */
export function resolveModelRef(ref: string, index: AttributionIndex): string {
  const parsed = parseModelRef(ref, "`baseModels`");
  if (parsed.kind === "ledger" && !index.releases.has(parsed.id)) {
    throw new ShouldersError(
      "UNKNOWN_ARTIFACT",
      `no model "${parsed.id}" is released in this ledger; for a Hugging Face model write hf:${ref}`,
    );
  }
  return ref;
}
