import { ShouldersError } from "@shoulders/ledger";
import { type DeclaredTerms, DeclaredTermsSchema } from "@shoulders/license";
import { readParamsFile } from "./params-file.js";

/**
 * Terms a licensor declares beyond the standard ones (fees, user thresholds, restrictions), from a YAML or JSON file
 * read as hyperparameters are: bounded, a mapping, then checked against the schema the license predicate holds, so a
 * bad field is a PARAMS_INVALID naming the file and the field, never a statement the verifier would flag.
 */
export function readTermsFile(path: string, shownAs = path): DeclaredTerms {
  const parsed = DeclaredTermsSchema.safeParse(readParamsFile(path, shownAs));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ShouldersError("PARAMS_INVALID", `${shownAs}: ${issue?.path.join(".") || "terms"}: ${issue?.message}`);
  }
  return parsed.data;
}
