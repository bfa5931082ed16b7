import { z } from "zod";
import { ArtifactId, Count, LicenseText, ModelRef, PREDICATE_BASE, Sha256Hex, Version } from "./common.js";

export const RELEASE_PREDICATE_TYPE = `${PREDICATE_BASE}/release/v1`;

/** The Hugging Face `base_model_relation` values. */
export const MODEL_RELATIONS = ["finetune", "adapter", "merge", "quantized"] as const;

/** A model release. Subject 0 is the manifest of the released files, then one subject per file. */
export const ReleasePredicateSchema = z.object({
  id: ArtifactId,
  version: Version.optional(),
  license: LicenseText,
  /** The run that produced these files, by id and ledger index. */
  run: z.object({ id: ArtifactId, index: Count }).optional(),
  baseModels: z.array(ModelRef).max(64),
  relation: z.enum(MODEL_RELATIONS).optional(),
  files: Count,
  bytes: Count,
  /** When the release's files are the run's outputs, their manifest is the same. */
  manifest: Sha256Hex,
});

export type ReleasePredicate = z.infer<typeof ReleasePredicateSchema>;
