import type { ResolvedLeaf } from "../resolve-terms.js";
import type { LicenseTerms } from "../terms/schema.js";
import { carries, type OutputOption } from "./output-options.js";

export const CONFLICT_CODES = [
  "NC_INPUT_COMMERCIAL_OUTPUT",
  "SA_INPUT_DIFFERENT_LICENSE",
  "ND_INPUT_DERIVATIVE",
  "RAIL_RESTRICTIONS_NOT_CARRIED",
  "LLAMA_DERIVATIVE_NOT_UNDER_LLAMA",
  "GEMMA_DERIVATIVE_NOT_UNDER_GEMMA",
  "COPYLEFT_INPUT_DIFFERENT_LICENSE",
  "UNKNOWN_LICENSE_INPUT",
] as const;
export type ConflictCode = (typeof CONFLICT_CODES)[number];

/** What a rule sees: one input license, how it reached the release, and the release's options. */
export interface RuleInput {
  terms: LicenseTerms;
  leaf: ResolvedLeaf;
  output: OutputOption[];
}

export interface Rule {
  code: ConflictCode;
  /** The rule in one sentence, as docs/licenses.md states it. */
  rule: string;
  /** Where the rule comes from. */
  source: string;
  /** Why the rule holds only on a cautious reading, whatever the path; training paths add their own note. */
  cautious?: string;
  /** The release option that breaks the rule, if one does. */
  breaks(input: RuleInput): OutputOption | undefined;
}

const COPYLEFT_KINDS = new Set(["copyleft", "weak-copyleft"]);

/** The first option that breaks `holds`: recipients may pick any option, so one bad option is enough. */
function firstBad(output: OutputOption[], holds: (option: OutputOption) => boolean): OutputOption | undefined {
  return output.find((option) => !holds(option));
}

/** NonCommercial inputs: CC BY-NC 4.0 §2(a)(1) grants rights "for NonCommercial purposes only". */
export function nonCommercialInput({ terms, output }: RuleInput): OutputOption | undefined {
  if (terms.commercial) return undefined;
  return firstBad(output, (option) => !option.commercial);
}

/** ShareAlike inputs: CC BY-SA 4.0 §3(b)(1), adapted material must carry the same license or a compatible one. */
export function shareAlikeInput({ terms, leaf, output }: RuleInput): OutputOption | undefined {
  if (!terms.shareAlike || COPYLEFT_KINDS.has(terms.kind)) return undefined;
  return firstBad(output, (option) => carries(option, terms, leaf));
}

/** NoDerivatives inputs: CC BY-ND 4.0 §2(a)(1)(B) permits producing adapted material but not sharing it. */
export function noDerivativesInput({ terms, output }: RuleInput): OutputOption | undefined {
  return terms.noDerivatives ? output[0] : undefined;
}

/** RAIL inputs: OpenRAIL-M §4(a), derivatives must include the use restrictions as an enforceable provision. */
export function railInput({ terms, leaf, output }: RuleInput): OutputOption | undefined {
  if (terms.kind !== "ml-responsible") return undefined;
  return firstBad(output, (option) => carries(option, terms, leaf) || option.restricted);
}

/** Llama and Gemma inputs: the agreement must accompany every derivative (Llama §1.b.i, Gemma §3.1). */
function staysUnder(family: RegExp) {
  return ({ terms, output }: RuleInput): OutputOption | undefined => {
    const home = terms.derivativesStayUnder;
    if (home === undefined || !family.test(home)) return undefined;
    return firstBad(output, (option) => option.leaves.some((l) => l.key === home));
  };
}

/** Copyleft inputs: GPL-3.0 §5(c), a work based on the program is licensed as a whole under this license. */
export function copyleftInput({ terms, leaf, output }: RuleInput): OutputOption | undefined {
  if (!COPYLEFT_KINDS.has(terms.kind)) return undefined;
  return firstBad(output, (option) => carries(option, terms, leaf));
}

/**
 * The rules, in the order conflicts are reported. docs/licenses.md lists the same codes, sentences and sources; a
 * test keeps the two in step. UNKNOWN_LICENSE_INPUT has no `breaks`: it fires when there are no terms to check.
 */
export const RULES: readonly Rule[] = [
  {
    code: "NC_INPUT_COMMERCIAL_OUTPUT",
    rule: "An input licensed for non-commercial use only cannot reach a release whose license grants commercial use, or a release that is sold.",
    source: "https://creativecommons.org/licenses/by-nc/4.0/legalcode.en",
    breaks: nonCommercialInput,
  },
  {
    code: "SA_INPUT_DIFFERENT_LICENSE",
    rule: "A release adapted from a share-alike input must be licensed under the same license, a later version of it, or a license it names as compatible.",
    source: "https://creativecommons.org/licenses/by-sa/4.0/legalcode.en",
    breaks: shareAlikeInput,
  },
  {
    code: "ND_INPUT_DERIVATIVE",
    rule: "A no-derivatives input may not be adapted and shared, so no release can be derived from it.",
    source: "https://creativecommons.org/licenses/by-nd/4.0/legalcode.en",
    breaks: noDerivativesInput,
  },
  {
    code: "RAIL_RESTRICTIONS_NOT_CARRIED",
    rule: "A release derived from a RAIL-licensed input must carry that license's use restrictions as an enforceable provision of its own license.",
    source: "https://www.licenses.ai/blog/2022/8/26/bigscience-open-rail-m-license",
    breaks: railInput,
  },
  {
    code: "LLAMA_DERIVATIVE_NOT_UNDER_LLAMA",
    rule: "A release derived from a Llama model stays under the same Llama community license, which must accompany it.",
    source: "https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE",
    breaks: staysUnder(/^LicenseRef-Llama-/),
  },
  {
    code: "GEMMA_DERIVATIVE_NOT_UNDER_GEMMA",
    rule: "A release derived from a Gemma model stays under the Gemma Terms of Use, whose use restrictions and text must accompany it.",
    source: "https://ai.google.dev/gemma/terms",
    breaks: staysUnder(/^LicenseRef-Gemma$/),
  },
  {
    code: "COPYLEFT_INPUT_DIFFERENT_LICENSE",
    rule: "A release derived from copyleft-licensed weights or data must be licensed under the same license, or a version its or-later grant allows.",
    source: "https://www.gnu.org/licenses/gpl-3.0.html#section5",
    cautious:
      "Whether fine-tuned weights are a work based on copyleft-licensed weights is untested; for weak copyleft (MPL, LGPL, EPL) we treat the whole release as a modification of the licensed files.",
    breaks: copyleftInput,
  },
  {
    code: "UNKNOWN_LICENSE_INPUT",
    rule: "An input whose license is missing, unknown or not in the terms table cannot be checked, so it blocks the release until someone reads the license.",
    source: "https://choosealicense.com/no-permission/",
    cautious: "Without a license nobody may copy or adapt a work; set unknownIsConflict: false to report unknown inputs for review only.",
    breaks: () => undefined,
  },
];

/** Rests on the cautious reading that training a model on a work adapts the work. */
export const TRAINING_CAUTION =
  "Rests on the cautious reading that training on an input adapts it (whether it does is unsettled law); set trainingIsAdaptation: false to report this for review only.";

/** Rests on the cautious reading that quantizing or converting weights adapts them. */
export const QUANTIZATION_CAUTION = "Counts quantization as an adaptation of the weights rather than a mere change of format.";
