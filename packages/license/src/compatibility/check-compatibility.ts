import { ShouldersError } from "@shoulders/ledger";
import { z } from "zod";
import { leafText } from "../expression.js";
import { type LicenseInfo, parseLicense } from "../identify.js";
import { type ResolvedLeaf, resolveAlternatives } from "../resolve-terms.js";
import { type Obligation, obligationsOf } from "./obligations.js";
import { carries, outputOptions } from "./output-options.js";
import { CONFLICT_CODES, type ConflictCode, QUANTIZATION_CAUTION, RULES, TRAINING_CAUTION } from "./rules.js";

export const RELATIONS = ["finetune", "adapter", "merge", "quantized", "trained-on"] as const;
export type Relation = (typeof RELATIONS)[number];

export interface Ancestor {
  /** Artifact ids from the released artifact (first) to this ancestor (last). */
  path: string[];
  id: string;
  kind: "dataset" | "model" | "external-model";
  /** Undefined when no license is recorded: that is an unknown license, never a permissive one. */
  license: LicenseInfo | undefined;
  /** How this ancestor reached the next artifact on its path. Missing means a direct derivative (the cautious default). */
  relation?: Relation;
}

export interface CompatibilityOptions {
  /** Training on an input adapts it, so the input's conditions reach the model. Default true: the cautious reading. */
  trainingIsAdaptation?: boolean;
  /** An input without known terms is a conflict. Default true; false reports it for review only. */
  unknownIsConflict?: boolean;
}

/** A conflict the team has accepted in a signed statement; `ancestor` narrows it to one input. */
export interface AcceptedConflict {
  code: string;
  ancestor?: string;
  reason?: string;
}

export interface CompatibilityInput {
  artifact: { id: string; license: LicenseInfo /** Sold commercially, whatever the license says. */; commercial?: boolean };
  ancestors: Ancestor[];
  options?: CompatibilityOptions;
  accepted?: AcceptedConflict[];
}

export interface Conflict {
  code: ConflictCode;
  rule: string;
  path: string[];
  ancestor: string;
  inputLicense: string;
  outputLicense: string;
  source: string;
  /** Present when the conflict rests on a cautious reading, saying which. */
  cautious?: string;
  /** Present when the team accepted this conflict; it is still reported. */
  accepted?: { reason?: string };
}

export interface CompatibilityReport {
  conflicts: Conflict[];
  obligations: Obligation[];
  /** One line each: what a human should read or decide. */
  review: string[];
  /** True when every conflict is accepted. */
  ok: boolean;
}

const Id = z.string().min(1).max(300);
const InputSchema = z.object({
  artifact: z.object({
    id: Id,
    license: z.custom<LicenseInfo>(isLicenseInfo, "a license from parseLicense"),
    commercial: z.boolean().optional(),
  }),
  ancestors: z
    .array(
      z.object({
        path: z.array(Id).min(2).max(100),
        id: Id,
        kind: z.enum(["dataset", "model", "external-model"]),
        license: z.custom<LicenseInfo>(isLicenseInfo, "a license from parseLicense").optional(),
        relation: z.enum(RELATIONS).optional(),
      }),
    )
    .max(10_000),
  options: z.object({ trainingIsAdaptation: z.boolean().optional(), unknownIsConflict: z.boolean().optional() }).optional(),
  accepted: z
    .array(z.object({ code: z.string().min(1).max(100), ancestor: Id.optional(), reason: z.string().max(2000).optional() }))
    .max(1000)
    .optional(),
});

function isLicenseInfo(value: unknown): value is LicenseInfo {
  return typeof value === "object" && value !== null && typeof (value as Partial<LicenseInfo>).input === "string";
}

/**
 * A LicenseInfo may have been built by hand or read back from JSON, so we never trust its parse tree: we read the
 * license again from its text, which also refuses a tampered one with BAD_ARGUMENT instead of a TypeError later.
 */
function reread(info: LicenseInfo, owner: string): LicenseInfo {
  const options = {
    ...(info.name ? { name: info.name } : {}),
    ...(info.link ? { link: info.link } : {}),
    ...(info.declared ? { declared: info.declared } : {}),
  };
  try {
    return parseLicense(info.input, options);
  } catch (error) {
    if (error instanceof ShouldersError) throw new ShouldersError(error.code, `${owner}: ${error.message}`, { cause: error });
    throw error;
  }
}

function licenseLabel(info: LicenseInfo | undefined): string {
  if (!info) return "no license recorded";
  return info.spdx ?? (info.name ? `${info.name} (${info.input})` : info.input);
}

/** A path passes through training if any of its hops is "trained-on"; unknown hops count as derivation. */
function reachedByTraining(ancestor: Ancestor, byPath: Map<string, Ancestor>): boolean {
  for (let end = 2; end <= ancestor.path.length; end++) {
    const relation = end === ancestor.path.length ? ancestor.relation : byPath.get(ancestor.path.slice(0, end).join("\u0000"))?.relation;
    if (relation === "trained-on") return true;
  }
  return false;
}

interface Finding {
  conflict: Conflict;
  /** Training read as not adapting: report for review instead. */
  reviewOnly: boolean;
}

/**
 * Walks every ancestor of a release and applies RULES to each input license against the release license.
 * Conflicts carry their path and rule; obligations (attribution, notices, naming, thresholds, fees) are listed
 * separately because they are met by doing them, not by changing a license. Pure: the caller gathers the lineage.
 */
export function checkCompatibility(input: CompatibilityInput): CompatibilityReport {
  const parsed = InputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ShouldersError("BAD_ARGUMENT", `compatibility input ${issue?.path.join(".") || "?"}: ${issue?.message ?? "invalid"}`, {
      cause: parsed.error,
    });
  }
  const artifact = { ...input.artifact, license: reread(input.artifact.license, input.artifact.id) };
  const ancestors = input.ancestors.map((a) => (a.license ? { ...a, license: reread(a.license, a.id) } : a));
  const trainingIsAdaptation = input.options?.trainingIsAdaptation ?? true;
  const unknownIsConflict = input.options?.unknownIsConflict ?? true;
  const output = outputOptions(artifact.license, artifact.commercial === true);
  const outputLicense = licenseLabel(artifact.license);
  const byPath = new Map(ancestors.map((a) => [a.path.join("\u0000"), a] as const));
  const conflicts: Conflict[] = [];
  const obligations: Obligation[] = [];
  const review: string[] = [];

  if (artifact.license.unknown) {
    review.push(
      `The release license ${outputLicense} has terms we do not know; it was checked as if it granted commercial use and carried no input's license.`,
    );
  }

  for (const ancestor of ancestors) {
    if (ancestor.path[0] !== artifact.id || ancestor.path[ancestor.path.length - 1] !== ancestor.id) {
      throw new ShouldersError("BAD_ARGUMENT", `ancestor ${ancestor.id}: its path must run from ${artifact.id} to ${ancestor.id}`);
    }
    const training = reachedByTraining(ancestor, byPath);
    const inputLicense = licenseLabel(ancestor.license);
    const at = { path: ancestor.path, ancestor: ancestor.id };
    const cautious = training ? TRAINING_CAUTION : ancestor.relation === "quantized" ? QUANTIZATION_CAUTION : undefined;

    const findingsOf = (option: ResolvedLeaf[]): Finding[] => {
      const found: Finding[] = [];
      for (const leaf of option) {
        if (!leaf.terms) {
          const rule = RULES.find((r) => r.code === "UNKNOWN_LICENSE_INPUT")!;
          const conflict: Conflict = {
            code: rule.code,
            rule: rule.rule,
            ...at,
            inputLicense,
            outputLicense,
            source: rule.source,
            cautious: [rule.cautious, cautious].filter(Boolean).join(" "),
          };
          found.push({ conflict, reviewOnly: !unknownIsConflict || (training && !trainingIsAdaptation) });
          continue;
        }
        // CDLA and C-UDA say their conditions do not reach Results, such as a trained model.
        if (training && leaf.terms.resultsUnrestricted) continue;
        for (const rule of RULES) {
          const bad = rule.breaks({ terms: leaf.terms, leaf, output });
          if (!bad) continue;
          const why = [rule.cautious, cautious].filter(Boolean).join(" ");
          const conflict: Conflict = {
            code: rule.code,
            rule: rule.rule,
            ...at,
            inputLicense: leafText(leaf.leaf),
            outputLicense: bad.text,
            source: rule.source,
          };
          if (why) conflict.cautious = why;
          found.push({ conflict, reviewOnly: training && !trainingIsAdaptation });
        }
      }
      return found;
    };

    // The licensee chooses among an input's options (A OR B): check each and keep the one with fewest conflicts.
    const options = ancestor.license
      ? resolveAlternatives(ancestor.license)
      : [[{ key: "none", leaf: { license: "none" }, terms: undefined, review: undefined }]];
    const checked = options.map((option) => ({ option, findings: findingsOf(option) }));
    const blocking = (c: (typeof checked)[number]) => c.findings.filter((f) => !f.reviewOnly).length;
    const best = checked.reduce((a, b) => (blocking(b) < blocking(a) ? b : a));
    if (options.length > 1) {
      review.push(
        `${ancestor.id} offers a choice of licenses (${inputLicense}); it was checked under ${best.option.map((l) => leafText(l.leaf)).join(" AND ")}.`,
      );
    }
    for (const leaf of best.option) if (leaf.review) review.push(`${ancestor.id}: ${leaf.review}`);
    for (const { conflict, reviewOnly } of best.findings) {
      if (!reviewOnly) conflicts.push(conflict);
      else if (conflict.code === "UNKNOWN_LICENSE_INPUT")
        review.push(`${ancestor.id} has no known license terms (${inputLicense}); read its license.`);
      else
        review.push(
          `${ancestor.id} (${conflict.inputLicense}) would break ${conflict.code} if training counted as adaptation: ${conflict.rule}`,
        );
    }
    for (const leaf of best.option) {
      const binding = !training || (trainingIsAdaptation && !leaf.terms?.resultsUnrestricted);
      for (const obligation of obligationsOf(leaf, { ...at, artifactId: artifact.id, binding })) {
        obligations.push(obligation);
        if (obligation.met === false)
          review.push(`${artifact.id} does not meet the naming rule of ${obligation.license}: ${obligation.text}`);
      }
    }
    for (const leaf of best.option) {
      // RAIL lets a derivative use another license if it carries the same restrictions, which we cannot compare.
      const terms = leaf.terms;
      if (terms?.kind === "ml-responsible" && output.some((o) => o.restricted && !carries(o, terms, leaf))) {
        review.push(
          `${ancestor.id}: the release carries other use restrictions than ${terms.name}; check that they include all of its restrictions.`,
        );
      }
    }
  }

  for (const acceptance of input.accepted ?? []) {
    const matches = conflicts.filter(
      (c) => c.code === acceptance.code && (acceptance.ancestor === undefined || acceptance.ancestor === c.ancestor),
    );
    for (const conflict of matches) conflict.accepted = acceptance.reason === undefined ? {} : { reason: acceptance.reason };
    if (!(CONFLICT_CODES as readonly string[]).includes(acceptance.code))
      review.push(`An accepted conflict names ${acceptance.code}, which is no rule of this version.`);
    else if (matches.length === 0)
      review.push(`The accepted conflict ${acceptance.code}${acceptance.ancestor ? ` for ${acceptance.ancestor}` : ""} no longer occurs.`);
  }

  return { conflicts, obligations, review: [...new Set(review)], ok: conflicts.every((c) => c.accepted !== undefined) };
}
