import { z } from "zod";
import { ArtifactId, Count, Identity, LicenseText, ModelRef, PREDICATE_BASE, Sha256Hex, Timestamp, Version } from "./common.js";

/** A fine-tune is a build, so a run is SLSA Provenance v1 (SPEC.md "Statements"). */
export const SLSA_PROVENANCE_TYPE = "https://slsa.dev/provenance/v1";
export const FINE_TUNE_BUILD_TYPE = `${PREDICATE_BASE}/fine-tune/v1`;

const ResourceDescriptor = z.object({
  name: z.string().max(300).optional(),
  uri: z.string().max(500).optional(),
  digest: z.record(z.string(), z.string().regex(/^[0-9a-f]+$/)).optional(),
  annotations: z.record(z.string(), z.unknown()).optional(),
});

/** How much of a dataset a run used: every record, `epochs` times. */
export const DatasetUse = z.object({
  id: ArtifactId,
  version: Version,
  manifest: Sha256Hex,
  index: Count,
  epochs: z.number().int().min(1).max(1_000_000),
  records: Count,
  /** records × epochs: the "your data was used N times" count. */
  uses: Count,
});

export const FineTuneParametersSchema = z.object({
  runId: ArtifactId,
  hyperparameters: z.record(z.string(), z.unknown()),
  datasets: z.array(DatasetUse).max(1000),
  baseModels: z.array(ModelRef).max(64),
});

export const FineTuneProvenanceSchema = z.object({
  buildDefinition: z.object({
    buildType: z.literal(FINE_TUNE_BUILD_TYPE),
    externalParameters: FineTuneParametersSchema,
    internalParameters: z.object({ trainer: Identity, license: LicenseText.optional() }).optional(),
    resolvedDependencies: z.array(ResourceDescriptor).max(2000),
  }),
  runDetails: z.object({
    builder: z.object({ id: z.string().min(1).max(500) }),
    metadata: z.object({ invocationId: z.string().max(200).optional(), startedOn: Timestamp, finishedOn: Timestamp }),
  }),
});

export type DatasetUse = z.infer<typeof DatasetUse>;
export type FineTuneProvenance = z.infer<typeof FineTuneProvenanceSchema>;
