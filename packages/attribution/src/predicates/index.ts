import { LEDGER_MEMBER, LedgerBindingSchema, ShouldersError, type Statement } from "@shoulders/ledger";
import { z } from "zod";
import { COMMIT_PREDICATE_TYPE, CommitsPredicateSchema } from "./commit.js";
import { DATASET_PREDICATE_TYPE, DatasetPredicateSchema } from "./dataset.js";
import { HUB_MODEL_PREDICATE_TYPE, HubModelPredicateSchema, validateHubModelStatement } from "./hub-model.js";
import { ACCEPTANCE_PREDICATE_TYPE, AcceptancePredicateSchema, LICENSE_PREDICATE_TYPE, LicensePredicateSchema } from "./license.js";
import { parsePredicate } from "./parse-predicate.js";
import { POLICY_PREDICATE_TYPE, PPM, SplitPolicySchema } from "./policy.js";
import { RELEASE_PREDICATE_TYPE, ReleasePredicateSchema } from "./release.js";
import { FINE_TUNE_BUILD_TYPE, FineTuneProvenanceSchema, SLSA_PROVENANCE_TYPE, SlsaProvenanceSchema } from "./run.js";
import { USAGE_PREDICATE_TYPE, UsagePredicateSchema } from "./usage.js";

export * from "./commit.js";
export * from "./common.js";
export * from "./dataset.js";
export * from "./hub-model.js";
export * from "./license.js";
export * from "./parse-predicate.js";
export * from "./policy.js";
export * from "./release.js";
export * from "./run.js";
export * from "./usage.js";

/** Checks that a statement's first subject is its manifest, as docs/format.md, "Files and manifests" requires. */
function expectManifestFirst(statement: Statement, manifest: string | undefined, what: string): void {
  const first = statement.subject[0];
  if (first?.name !== "manifest" || first.digest.sha256 === undefined) {
    throw new ShouldersError("PREDICATE_INVALID", `${what}: the first subject must be {"name": "manifest", "digest": {"sha256": …}}`);
  }
  if (manifest !== undefined && first.digest.sha256 !== manifest) {
    throw new ShouldersError("PREDICATE_INVALID", `${what}: the manifest subject does not match the predicate's manifest`);
  }
}

type Validator = (statement: Statement) => void;

/**
 * The validators `verifyLedger` runs for the predicate types this package defines. A fine-tune is SLSA Provenance
 * v1: provenance with another buildType is someone else's build and is only checked as generic SLSA.
 */
export function predicateValidators(): Map<string, Validator> {
  return new Map<string, Validator>([
    [
      COMMIT_PREDICATE_TYPE,
      (statement) => {
        const predicate = parsePredicate(CommitsPredicateSchema, statement, "commits");
        const names = predicate.commits.map((commit) => `git+${predicate.repository}@${commit.sha}`);
        const subjects = statement.subject.map((subject) => `${subject.name}#${subject.digest.gitCommit}`);
        const expected = predicate.commits.map((commit, i) => `${names[i]}#${commit.sha}`);
        if (subjects.join("\n") !== expected.join("\n")) {
          throw new ShouldersError("PREDICATE_INVALID", "commits: the subjects must be git+<repository>@<sha> for each commit, in order");
        }
      },
    ],
    [
      DATASET_PREDICATE_TYPE,
      (statement) => {
        parsePredicate(DatasetPredicateSchema, statement, "dataset");
        expectManifestFirst(statement, undefined, "dataset");
      },
    ],
    [
      RELEASE_PREDICATE_TYPE,
      (statement) => expectManifestFirst(statement, parsePredicate(ReleasePredicateSchema, statement, "release").manifest, "release"),
    ],
    [HUB_MODEL_PREDICATE_TYPE, validateHubModelStatement],
    [LICENSE_PREDICATE_TYPE, (statement) => void parsePredicate(LicensePredicateSchema, statement, "license")],
    [ACCEPTANCE_PREDICATE_TYPE, (statement) => void parsePredicate(AcceptancePredicateSchema, statement, "license acceptance")],
    [
      USAGE_PREDICATE_TYPE,
      (statement) => {
        const usage = parsePredicate(UsagePredicateSchema, statement, "usage");
        if (usage.period.start > usage.period.end) throw new ShouldersError("PREDICATE_INVALID", "usage: the period ends before it starts");
      },
    ],
    [
      POLICY_PREDICATE_TYPE,
      (statement) => {
        const policy = parsePredicate(SplitPolicySchema, statement, "split policy");
        if (policy.inputs.datasets + policy.inputs.baseModels !== PPM || policy.own.trainer + policy.own.code !== PPM) {
          throw new ShouldersError("PREDICATE_INVALID", "split policy: the input shares and the own shares must each add up to 100%");
        }
      },
    ],
    [
      SLSA_PROVENANCE_TYPE,
      (statement) => {
        const buildType = (statement.predicate as { buildDefinition?: { buildType?: unknown } } | undefined)?.buildDefinition?.buildType;
        if (buildType !== FINE_TUNE_BUILD_TYPE) {
          parsePredicate(SlsaProvenanceSchema, statement, "SLSA provenance");
          return;
        }
        parsePredicate(FineTuneProvenanceSchema, statement, "fine-tune run");
        expectManifestFirst(statement, undefined, "fine-tune run");
      },
    ],
  ]);
}

/** JSON Schemas of the predicates, for other tools that read our statements. */
export function predicateJsonSchemas(): Record<string, unknown> {
  return {
    [COMMIT_PREDICATE_TYPE]: boundJsonSchema(CommitsPredicateSchema),
    [DATASET_PREDICATE_TYPE]: boundJsonSchema(DatasetPredicateSchema),
    [RELEASE_PREDICATE_TYPE]: boundJsonSchema(ReleasePredicateSchema),
    [FINE_TUNE_BUILD_TYPE]: boundJsonSchema(FineTuneProvenanceSchema),
    [USAGE_PREDICATE_TYPE]: boundJsonSchema(UsagePredicateSchema),
    [POLICY_PREDICATE_TYPE]: boundJsonSchema(SplitPolicySchema),
    [LICENSE_PREDICATE_TYPE]: boundJsonSchema(LicensePredicateSchema),
    [HUB_MODEL_PREDICATE_TYPE]: boundJsonSchema(HubModelPredicateSchema),
    [ACCEPTANCE_PREDICATE_TYPE]: boundJsonSchema(AcceptancePredicateSchema),
  };
}

/** A predicate as the log holds it: with the member that binds it to its ledger (docs/format.md, "Bound to one ledger"). */
function boundJsonSchema(schema: z.ZodObject): unknown {
  return z.toJSONSchema(schema.extend({ [LEDGER_MEMBER]: LedgerBindingSchema }));
}
