import {
  ACCEPTANCE_PREDICATE_TYPE,
  AcceptancePredicateSchema,
  COMMIT_PREDICATE_TYPE,
  CommitsPredicateSchema,
  DATASET_PREDICATE_TYPE,
  DatasetPredicateSchema,
  FINE_TUNE_BUILD_TYPE,
  FineTuneProvenanceSchema,
  HUB_MODEL_PREDICATE_TYPE,
  HubModelPredicateSchema,
  LICENSE_PREDICATE_TYPE,
  LicensePredicateSchema,
  POLICY_PREDICATE_TYPE,
  PPM,
  RELEASE_PREDICATE_TYPE,
  ReleasePredicateSchema,
  SLSA_PROVENANCE_TYPE,
  SplitPolicySchema,
  USAGE_PREDICATE_TYPE,
  UsagePredicateSchema,
} from "@shoulders/attribution";
import { KEY_PREDICATE_TYPE, KeyPredicateSchema, type Statement } from "@shoulders/ledger";
import { formatCount } from "./markdown.js";

/**
 * A statement as a reviewer reads it: its kind, what it claims in one line, and whether it moves money or trust.
 * Every string in it comes from the statement, attacker input: the renderer escapes it (md) and bounds its length.
 */
export type StatementSummary = { type: string; claim: string; money: boolean };

/** `describe` gives the claim, or undefined when the predicate does not match its schema; `kind` names a variant. */
type Describer = {
  type: string;
  money: boolean;
  describe(statement: Statement): string | undefined;
  kind?(statement: Statement): string | undefined;
};

const LISTED = 5;

/** Up to five items, then how many more: a statement may list thousands. */
function list(items: readonly string[]): string {
  const shown = items.slice(0, LISTED).join(", ");
  return items.length > LISTED ? `${shown} and ${formatCount(items.length - LISTED)} more` : shown || "none";
}

const percent = (ppm: number) => `${ppm / (PPM / 100)}%`;

/** The predicate parsed with its schema, or undefined when it does not match (the claim then says so). */
function parsed<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  statement: Statement,
): T | undefined {
  const result = schema.safeParse(statement.predicate);
  return result.success ? result.data : undefined;
}

// Usage receipts, split policies, keys and identity links decide who is paid what: issue 13, "Reviewers see the money".
const DESCRIBERS = new Map<string, Describer>([
  [
    USAGE_PREDICATE_TYPE,
    {
      type: "usage receipt",
      money: true,
      describe: (statement) => {
        const usage = parsed(UsagePredicateSchema, statement);
        if (usage === undefined) return undefined;
        const revenue = usage.revenue === undefined ? "no revenue" : `${usage.revenue.amount} ${usage.revenue.currency}`;
        const supersedes = usage.supersedes === undefined ? "" : `, supersedes entry ${usage.supersedes}`;
        return `${usage.artifact}, ${usage.period.start}/${usage.period.end}: ${formatCount(usage.uses)} uses, ${revenue}${supersedes}`;
      },
    },
  ],
  [
    POLICY_PREDICATE_TYPE,
    {
      type: "split policy",
      money: true,
      describe: (statement) => {
        const policy = parsed(SplitPolicySchema, statement);
        if (policy === undefined) return undefined;
        const declared = Object.entries(policy.own.declared ?? {}).map(([who, weight]) => `${who}=${weight}`);
        const weights = Object.entries(policy.inputs.baseModelWeights ?? {}).map(([model, weight]) => `${model}=${weight}`);
        return [
          `${policy.artifact}: upstream ${percent(policy.upstream)} (datasets ${percent(policy.inputs.datasets)}, base models ${percent(policy.inputs.baseModels)}${weights.length > 0 ? `, weights ${list(weights)}` : ""})`,
          `own ${percent(PPM - policy.upstream)} (trainer ${percent(policy.own.trainer)}, code ${percent(policy.own.code)} by ${policy.own.codeWeighting}${declared.length > 0 ? `: ${list(declared)}` : ""})`,
          // From when it applies: never to revenue reported before it (docs/revenue-split.md, "Policies in time").
          policy.effectiveFrom === undefined
            ? "for revenue reported from now on"
            : `for revenue reported from now on, for periods from ${policy.effectiveFrom}`,
        ].join(", ");
      },
    },
  ],
  [
    KEY_PREDICATE_TYPE,
    {
      type: "key",
      money: true,
      kind: (statement) => (parsed(KeyPredicateSchema, statement)?.action === "link" ? "identity link" : undefined),
      describe: (statement) => {
        const key = parsed(KeyPredicateSchema, statement);
        if (key === undefined) return undefined;
        if (key.action === "add") return `adds key ${key.keyid.slice(0, 16)} for ${key.identity}, roles: ${list(key.roles)}`;
        if (key.action === "revoke")
          return `revokes key ${key.keyid.slice(0, 16)}${key.compromisedSince === undefined ? "" : `, compromised since entry ${key.compromisedSince}`}${key.reason ? `: ${key.reason}` : ""}`;
        return `links ${list(key.identities)} into one party`;
      },
    },
  ],
  [
    LICENSE_PREDICATE_TYPE,
    {
      type: "license",
      money: false,
      describe: (statement) => {
        const license = parsed(LicensePredicateSchema, statement);
        return license && `${license.artifact}: ${license.license}${license.name === undefined ? "" : ` (${license.name})`}`;
      },
    },
  ],
  [
    ACCEPTANCE_PREDICATE_TYPE,
    {
      type: "license acceptance",
      money: false,
      describe: (statement) => {
        const acceptance = parsed(AcceptancePredicateSchema, statement);
        return (
          acceptance &&
          `${acceptance.artifact} accepts ${acceptance.conflict}${acceptance.ancestor === undefined ? "" : ` from ${acceptance.ancestor}`}: ${acceptance.reason}`
        );
      },
    },
  ],
  [
    RELEASE_PREDICATE_TYPE,
    {
      type: "release",
      money: false,
      describe: (statement) => {
        const release = parsed(ReleasePredicateSchema, statement);
        if (release === undefined) return undefined;
        const run = release.run === undefined ? "" : `, from run ${release.run.id}`;
        const bases = release.baseModels.length === 0 ? "" : `, base models ${list(release.baseModels)}`;
        return `${release.id}${release.version === undefined ? "" : ` ${release.version}`}: ${release.license}, ${formatCount(release.files)} files${run}${bases}`;
      },
    },
  ],
  [
    DATASET_PREDICATE_TYPE,
    {
      type: "dataset version",
      money: false,
      describe: (statement) => {
        const dataset = parsed(DatasetPredicateSchema, statement);
        if (dataset === undefined) return undefined;
        const contributors = dataset.contributors.map((c) => `${c.identity} (${formatCount(c.records)})`);
        return `${dataset.id}@${dataset.version}: ${formatCount(dataset.records)} records in ${formatCount(dataset.files)} files, contributors ${list(contributors)}`;
      },
    },
  ],
  [
    COMMIT_PREDICATE_TYPE,
    {
      type: "commits",
      money: false,
      describe: (statement) => {
        const commits = parsed(CommitsPredicateSchema, statement);
        return commits && `${formatCount(commits.commits.length)} commits of ${commits.repository}`;
      },
    },
  ],
  [
    SLSA_PROVENANCE_TYPE,
    {
      type: "fine-tune run",
      money: false,
      describe: (statement) => {
        const run = parsed(FineTuneProvenanceSchema, statement);
        if (run === undefined || run.buildDefinition.buildType !== FINE_TUNE_BUILD_TYPE) return undefined;
        const { externalParameters: input, internalParameters: internal } = run.buildDefinition;
        return [
          `${input.runId}: trainer ${internal?.trainer ?? "not named"}`,
          `datasets ${list(input.datasets.map((use) => `${use.id}@${use.version}`))}`,
          `base models ${list(input.baseModels)}`,
        ].join(", ");
      },
    },
  ],
  [
    HUB_MODEL_PREDICATE_TYPE,
    {
      type: "Hub model",
      money: false,
      describe: (statement) => {
        const model = parsed(HubModelPredicateSchema, statement);
        return model && `hf:${model.repo}@${model.revision.slice(0, 12)}: ${model.license ?? "no license on its card"}`;
      },
    },
  ],
]);

export function describeStatement(statement: Statement): StatementSummary {
  const describer = DESCRIBERS.get(statement.predicateType);
  if (describer === undefined) {
    // A type this version does not define: the reviewer sees its full URI and the predicate as it is.
    return { type: statement.predicateType, claim: JSON.stringify(statement.predicate ?? null), money: false };
  }
  const claim = describer.describe(statement) ?? `does not match the ${describer.type} schema`;
  return { type: describer.kind?.(statement) ?? describer.type, claim, money: describer.money };
}
