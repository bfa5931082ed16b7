import { ShouldersError, STATEMENT_TYPE, type Statement } from "@shoulders/ledger";
import type { AttributionIndex } from "../attribution-index.js";
import { POLICY_PREDICATE_TYPE, PPM, type SplitPolicy, SplitPolicySchema } from "../predicates/index.js";
import { defaultPolicy } from "../split/default-policy.js";
import { readParamsFile } from "./params-file.js";

const PERCENT = /^(100(?:\.0{1,4})?|\d{1,2}(?:\.\d{1,4})?)%$/;

/** "30%" or 30 → 300000 parts per million, exactly (at most four decimals). */
function toPpm(value: unknown, where: string): number {
  const text = typeof value === "number" ? `${value}%` : String(value);
  const match = PERCENT.exec(text.trim());
  if (match === null)
    throw new ShouldersError("PARAMS_INVALID", `${where}: "${String(value)}" is not a percentage from 0% to 100% with at most 4 decimals`);
  const [whole, fraction = ""] = (match[1] as string).split(".");
  return Number(whole) * 10_000 + Number(fraction.padEnd(4, "0"));
}

/**
 * Reads a split policy file (YAML or JSON) written in percentages, fills the documented defaults, and checks that
 * each level adds up to 100%, e.g.:
 *   upstream: 30%
 *   inputs: { datasets: 70%, baseModels: 30%, baseModelWeights: { "hf:google-bert/bert-base-uncased": 1 } }
 *   own: { trainer: 50%, code: 50%, codeWeighting: commits }
 */
export function readPolicyFile(path: string, artifact: string, shownAs = path): SplitPolicy {
  const raw = readParamsFile(path, shownAs) as Record<string, Record<string, unknown> | unknown>;
  const defaults = defaultPolicy(artifact);
  const inputs = (raw.inputs ?? {}) as Record<string, unknown>;
  const own = (raw.own ?? {}) as Record<string, unknown>;
  const policy = {
    artifact,
    upstream: raw.upstream === undefined ? defaults.upstream : toPpm(raw.upstream, "upstream"),
    inputs: {
      datasets: inputs.datasets === undefined ? defaults.inputs.datasets : toPpm(inputs.datasets, "inputs.datasets"),
      baseModels: inputs.baseModels === undefined ? defaults.inputs.baseModels : toPpm(inputs.baseModels, "inputs.baseModels"),
      ...(inputs.baseModelWeights === undefined ? {} : { baseModelWeights: inputs.baseModelWeights }),
    },
    own: {
      trainer: own.trainer === undefined ? defaults.own.trainer : toPpm(own.trainer, "own.trainer"),
      code: own.code === undefined ? defaults.own.code : toPpm(own.code, "own.code"),
      codeWeighting: own.codeWeighting ?? defaults.own.codeWeighting,
      ...(own.declared === undefined ? {} : { declared: own.declared }),
    },
  };
  const parsed = SplitPolicySchema.safeParse(policy);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ShouldersError("PARAMS_INVALID", `${shownAs}: ${issue?.path.join(".") || "policy"}: ${issue?.message}`);
  }
  if (parsed.data.inputs.datasets + parsed.data.inputs.baseModels !== PPM) {
    throw new ShouldersError("PARAMS_INVALID", `${shownAs}: inputs.datasets and inputs.baseModels must add up to 100%`);
  }
  if (parsed.data.own.trainer + parsed.data.own.code !== PPM) {
    throw new ShouldersError("PARAMS_INVALID", `${shownAs}: own.trainer and own.code must add up to 100%`);
  }
  return parsed.data;
}

/** The statement declaring an artifact's split policy, which applies from its entry and its `effectiveFrom` day on. */
export function policyStatement(policy: SplitPolicy, index: AttributionIndex): Statement {
  const release = index.release(policy.artifact);
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: `model:${policy.artifact}`, digest: { sha256: release.predicate.manifest } }],
    predicateType: POLICY_PREDICATE_TYPE,
    predicate: policy,
  };
}
