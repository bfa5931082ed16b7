import { DeclaredTermsSchema, LicenseLink } from "@shoulders/license";
import { z } from "zod";
import { LicenseText, PREDICATE_BASE } from "./common.js";

export const LICENSE_PREDICATE_TYPE = `${PREDICATE_BASE}/license/v1`;
export const ACCEPTANCE_PREDICATE_TYPE = `${PREDICATE_BASE}/license-acceptance/v1`;

/** An artifact reference: a model or dataset of this ledger (ORG/NAME), or an external Hub model (hf:ORG/NAME). */
const ArtifactRef = z
  .string()
  .min(1)
  .max(300)
  .regex(
    /^(?:hf:)?[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/,
    "an artifact is ORG/NAME, or hf:ORG/NAME for a Hub model",
  );

/**
 * Declares or changes an artifact's license. The latest declaration wins over the license given when the artifact
 * was recorded. `license` is an SPDX expression or a Hugging Face Hub id; `other` needs a name and a link.
 */
export const LicensePredicateSchema = z.object({
  artifact: ArtifactRef,
  license: LicenseText,
  name: z.string().min(1).max(200).optional(),
  /**
   * Where the license text is, as the Hub's `license_link`: an http(s) URL, or a file of the artifact's repository
   * such as LICENSE (hub-docs modelcard.md). Never another scheme, and never a path out of the repository.
   */
  link: LicenseLink.optional(),
  /** Terms the licensor declares beyond the standard ones: fees, user thresholds, restrictions. */
  terms: DeclaredTermsSchema.optional(),
});

/** A team accepts a known conflict, on the record: every later check and card shows it. */
export const AcceptancePredicateSchema = z.object({
  artifact: ArtifactRef,
  conflict: z.string().regex(/^[A-Z][A-Z0-9_]{2,63}$/, "a conflict code such as NC_INPUT_COMMERCIAL_OUTPUT"),
  /** Narrows the acceptance to one input; without it, the code is accepted for every input. */
  ancestor: z.string().min(1).max(300).optional(),
  reason: z.string().min(1).max(2000),
});

export type LicensePredicate = z.infer<typeof LicensePredicateSchema>;
export type AcceptancePredicate = z.infer<typeof AcceptancePredicateSchema>;
export { ArtifactRef };
