import { z } from "zod";
import { ArtifactId, Count, Identity, LicenseText, ModelRef, PREDICATE_BASE, Sha256Hex, Timestamp, Version } from "./common.js";

/** A fine-tune is a build, so a run is SLSA Provenance v1 (docs/format.md, "Statements"). */
export const SLSA_PROVENANCE_TYPE = "https://slsa.dev/provenance/v1";
export const FINE_TUNE_BUILD_TYPE = `${PREDICATE_BASE}/fine-tune/v1`;

const ResourceDescriptor = z.object({
  name: z.string().max(300).optional(),
  uri: z.string().max(500).optional(),
  digest: z.record(z.string(), z.string().regex(/^[0-9a-f]+$/)).optional(),
  annotations: z.record(z.string(), z.unknown()).optional(),
});

/** What a builder id looks like, for the messages that refuse one. */
export const BUILDER_ID_EXAMPLE = "https://github.com/acme/sentiment/.github/workflows/train.yml@refs/heads/main";

/**
 * SLSA Provenance v1 `runDetails.builder.id` is a TypeURI (in-toto field_types.md): an absolute URI (RFC 3986 §4.3) for
 * the trusted build platform, which verifiers match as a string. Not z.url(): it trims, so the parsed value would not
 * be the signed one.
 */
export const BuilderIdSchema = z
  .string()
  .max(500)
  .regex(/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/, `a builder id is a URI, e.g. ${BUILDER_ID_EXAMPLE}`)
  .refine((value) => URL.canParse(value), `a builder id is a URI, e.g. ${BUILDER_ID_EXAMPLE}`)
  .meta({ format: "uri" });

/** An in-toto TypeURI (field_types.md): an absolute URI, matched as a string, so never trimmed or normalised. */
const TypeUriSchema = z
  .string()
  .max(500)
  .regex(/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/, "a type is a URI")
  .refine((value) => URL.canParse(value), "a type is a URI");

/** An in-toto ResourceDescriptor as SLSA uses it: at least one of uri, digest and content; other fields as they came. */
const ForeignResourceDescriptor = z
  .looseObject({
    name: z.string().optional(),
    uri: TypeUriSchema.optional(),
    digest: z.record(z.string(), z.string().regex(/^[0-9a-f]+$/, "a digest is lowercase hex")).optional(),
    content: z.string().optional(),
    downloadLocation: z.string().optional(),
    mediaType: z.string().optional(),
    annotations: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((resource) => resource.uri !== undefined || resource.digest !== undefined || resource.content !== undefined, {
    message: "a resource descriptor needs a uri, a digest or content",
  });

/** RFC 3339, with an offset or Z, as SLSA's metadata times are. */
const Rfc3339 = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/, "a time is RFC 3339, e.g. 2026-11-03T10:00:00Z");

/**
 * Any SLSA Provenance v1 predicate, whatever its build type: every field the specification defines, with its type,
 * and fields it does not define as they came. The fine-tune build type is checked fully (FineTuneProvenanceSchema);
 * another build type is checked this far, so no writer signs a provenance whose fields a SLSA verifier would reject.
 */
export const SlsaProvenanceSchema = z.looseObject({
  buildDefinition: z.looseObject({
    buildType: TypeUriSchema,
    externalParameters: z.record(z.string(), z.unknown()),
    internalParameters: z.record(z.string(), z.unknown()).optional(),
    resolvedDependencies: z.array(ForeignResourceDescriptor).optional(),
  }),
  runDetails: z.looseObject({
    builder: z.looseObject({
      id: BuilderIdSchema,
      version: z.record(z.string(), z.string()).optional(),
      builderDependencies: z.array(ForeignResourceDescriptor).optional(),
    }),
    metadata: z
      .looseObject({ invocationId: z.string().optional(), startedOn: Rfc3339.optional(), finishedOn: Rfc3339.optional() })
      .optional(),
    byproducts: z.array(ForeignResourceDescriptor).optional(),
  }),
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
    builder: z.object({ id: BuilderIdSchema }),
    metadata: z.object({ invocationId: z.string().max(200).optional(), startedOn: Timestamp, finishedOn: Timestamp }),
  }),
});

export type DatasetUse = z.infer<typeof DatasetUse>;
export type FineTuneProvenance = z.infer<typeof FineTuneProvenanceSchema>;
