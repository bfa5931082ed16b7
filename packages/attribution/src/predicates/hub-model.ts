import { ShouldersError, type Statement } from "@shoulders/ledger";
import { z } from "zod";
import { GitSha, LicenseText, ModelRef, PREDICATE_BASE } from "./common.js";
import { parsePredicate } from "./parse-predicate.js";
import { MODEL_RELATIONS } from "./release.js";

export const HUB_MODEL_PREDICATE_TYPE = `${PREDICATE_BASE}/hub-model/v1`;

/** ORG/NAME as the Hub spells repository ids (see hub-options.ts parseRepoName). */
const HubRepo = z
  .string()
  .max(96)
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\/[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/, "a Hub repository is ORG/NAME")
  .refine((id) => !id.includes("--") && !id.includes(".."), "a Hub repository has no -- or ..");

/**
 * A model on the Hugging Face Hub, recorded as an external base model: which commit, under which license its card
 * declares, and its own base models as its card names them. The subject is `hf:ORG/NAME@SHA` with the commit as a
 * gitCommit digest, so lineage can follow `hf:ORG/NAME` references past the edge of this ledger.
 */
export const HubModelPredicateSchema = z.object({
  repo: HubRepo,
  revision: GitSha,
  /** The card's `license:` (a Hub license id such as apache-2.0, or `other`). Absent when the card declares none. */
  license: LicenseText.optional(),
  licenseName: z.string().min(1).max(500).optional(),
  licenseLink: z.string().min(1).max(2000).optional(),
  /** The card's `base_model:`, as hf:ORG/NAME references. */
  baseModels: z.array(ModelRef).max(64),
  /** The card's `base_model_relation:`. */
  relation: z.enum(MODEL_RELATIONS).optional(),
});

export type HubModelPredicate = z.infer<typeof HubModelPredicateSchema>;

export function hubModelSubjectName(repo: string, sha: string): string {
  return `hf:${repo}@${sha}`;
}

/** The verifier's check: a valid predicate, and exactly the one subject that names the same repository and commit. */
export function validateHubModelStatement(statement: Statement): void {
  const predicate = parsePredicate(HubModelPredicateSchema, statement, "hub model");
  const [subject, ...rest] = statement.subject;
  if (
    rest.length > 0 ||
    subject?.name !== hubModelSubjectName(predicate.repo, predicate.revision) ||
    subject.digest.gitCommit !== predicate.revision
  ) {
    throw new ShouldersError(
      "PREDICATE_INVALID",
      "hub model: the one subject must be hf:<repo>@<revision> with that revision as its gitCommit",
    );
  }
}
