import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isShouldersError } from "@shoulders/ledger";
import { describe, expect, it } from "vitest";
import { parseLicense } from "../identify.js";
import {
  type Ancestor,
  type CompatibilityInput,
  type CompatibilityReport,
  checkCompatibility,
  type Relation,
} from "./check-compatibility.js";
import { RULES } from "./rules.js";

const RELEASE = "acme/sentiment-large";

interface Input {
  id: string;
  license: string | undefined;
  kind?: Ancestor["kind"];
  relation?: Relation;
  /** Intermediate artifacts between the release and this ancestor. */
  via?: string[];
}

function check(
  release: string,
  inputs: Input[],
  extra: Omit<CompatibilityInput, "artifact" | "ancestors"> & { sold?: boolean; releaseId?: string } = {},
): CompatibilityReport {
  const id = extra.releaseId ?? RELEASE;
  return checkCompatibility({
    artifact: { id, license: parseLicense(release), ...(extra.sold ? { commercial: true } : {}) },
    ancestors: inputs.map((i) => ({
      path: [id, ...(i.via ?? []), i.id],
      id: i.id,
      kind: i.kind ?? (i.relation === "trained-on" ? "dataset" : "model"),
      license: i.license === undefined ? undefined : parseLicense(i.license),
      ...(i.relation ? { relation: i.relation } : {}),
    })),
    ...(extra.options ? { options: extra.options } : {}),
    ...(extra.accepted ? { accepted: extra.accepted } : {}),
  });
}

const codes = (report: CompatibilityReport) => report.conflicts.map((c) => c.code);
const dataset = (license: string | undefined, id = "acme/reviews"): Input => ({ id, license, relation: "trained-on" });
const base = (license: string | undefined, id = "org/base"): Input => ({ id, license, relation: "finetune" });

describe("checkCompatibility", () => {
  it("user story 3 step 5: a CC-BY-NC dataset stops an Apache-2.0 release, with its path", () => {
    const report = check("apache-2.0", [base("apache-2.0", "google-bert/bert-base-uncased"), dataset("cc-by-nc-4.0")]);
    expect(report.ok).toBe(false);
    expect(report.conflicts).toEqual([
      {
        code: "NC_INPUT_COMMERCIAL_OUTPUT",
        rule: RULES[0]!.rule,
        path: [RELEASE, "acme/reviews"],
        ancestor: "acme/reviews",
        inputLicense: "CC-BY-NC-4.0",
        outputLicense: "Apache-2.0",
        source: "https://creativecommons.org/licenses/by-nc/4.0/legalcode.en",
        cautious: expect.stringContaining("trainingIsAdaptation: false"),
      },
    ]);
  });

  describe("NC_INPUT_COMMERCIAL_OUTPUT", () => {
    it("conflict: a non-commercial base under a release that grants commercial use", () => {
      const report = check("mit", [base("cc-by-nc-sa-4.0")]);
      expect(codes(report)).toContain("NC_INPUT_COMMERCIAL_OUTPUT");
      expect(report.conflicts[0]!.path).toEqual([RELEASE, "org/base"]);
      expect(report.conflicts[0]!.cautious).toBeUndefined();
    });

    it("conflict: a non-commercial release that is sold anyway", () => {
      expect(codes(check("cc-by-nc-4.0", [base("cc-by-nc-4.0")], { sold: true }))).toEqual(["NC_INPUT_COMMERCIAL_OUTPUT"]);
    });

    it("conflict: an OR release lets recipients pick the commercial option", () => {
      const report = check("MIT OR CC-BY-NC-4.0", [base("cc-by-nc-4.0")]);
      expect(report.conflicts).toMatchObject([{ code: "NC_INPUT_COMMERCIAL_OUTPUT", outputLicense: "MIT" }]);
    });

    it("conflict: a research-only input", () => {
      expect(codes(check("apache-2.0", [base("deepfloyd-if-license")]))).toEqual(["NC_INPUT_COMMERCIAL_OUTPUT"]);
    });

    it("no conflict: the release stays non-commercial", () => {
      expect(check("cc-by-nc-4.0", [dataset("cc-by-nc-4.0")]).conflicts).toEqual([]);
      expect(check("CC-BY-NC-4.0 AND Apache-2.0", [dataset("cc-by-nc-4.0")]).conflicts).toEqual([]);
    });

    it("no conflict: commercial inputs", () => {
      expect(check("apache-2.0", [dataset("cc-by-4.0"), base("mit")]).conflicts).toEqual([]);
    });
  });

  describe("SA_INPUT_DIFFERENT_LICENSE", () => {
    it("conflict: a share-alike dataset under a permissive release", () => {
      const report = check("apache-2.0", [dataset("cc-by-sa-4.0")]);
      expect(report.conflicts).toMatchObject([
        { code: "SA_INPUT_DIFFERENT_LICENSE", path: [RELEASE, "acme/reviews"], inputLicense: "CC-BY-SA-4.0" },
      ]);
    });

    it("conflict: a share-alike input under another share-alike license", () => {
      expect(codes(check("cc-by-nc-sa-4.0", [dataset("cc-by-sa-4.0")]))).toEqual(["SA_INPUT_DIFFERENT_LICENSE"]);
    });

    it("conflict: ODbL data, and CDLA-Sharing data adapted directly (not by training)", () => {
      expect(codes(check("mit", [dataset("odbl")]))).toEqual(["SA_INPUT_DIFFERENT_LICENSE"]);
      expect(codes(check("mit", [{ id: "acme/raw", license: "cdla-sharing-1.0", kind: "dataset" }]))).toEqual([
        "SA_INPUT_DIFFERENT_LICENSE",
      ]);
    });

    it("no conflict: the same license, a later version, or a compatible license", () => {
      expect(check("cc-by-sa-4.0", [dataset("cc-by-sa-4.0")]).conflicts).toEqual([]);
      expect(check("cc-by-sa-4.0", [dataset("cc-by-sa-3.0")]).conflicts).toEqual([]);
      expect(check("GPL-3.0-or-later", [dataset("cc-by-sa-4.0")]).conflicts).toEqual([]);
      expect(check("CC-BY-SA-4.0 AND MIT", [dataset("cc-by-sa-4.0")]).conflicts).toEqual([]);
    });

    it("no conflict: CDLA-Sharing says its conditions do not reach trained models (§3.5)", () => {
      expect(check("mit", [dataset("cdla-sharing-1.0")]).conflicts).toEqual([]);
    });
  });

  describe("ND_INPUT_DERIVATIVE", () => {
    it("conflict: any release derived from a no-derivatives input", () => {
      for (const license of ["cc-by-nd-4.0", "cc-by-nc-sa-4.0 AND cc-by-nd-4.0"]) {
        expect(codes(check("cc-by-nd-4.0", [base(license)]))).toContain("ND_INPUT_DERIVATIVE");
      }
    });

    it("conflict: quantizing counts as adapting, and says so", () => {
      const report = check("cc-by-nd-4.0", [{ id: "org/base", license: "cc-by-nd-4.0", relation: "quantized" }]);
      expect(report.conflicts).toMatchObject([{ code: "ND_INPUT_DERIVATIVE", cautious: expect.stringContaining("quantization") }]);
    });

    it("no conflict: attribution-only inputs", () => {
      expect(check("cc-by-4.0", [base("cc-by-4.0")]).conflicts).toEqual([]);
    });
  });

  describe("RAIL_RESTRICTIONS_NOT_CARRIED", () => {
    it("conflict: a RAIL base under a license without use restrictions", () => {
      const report = check("apache-2.0", [base("bigscience-openrail-m")]);
      expect(report.conflicts).toMatchObject([
        { code: "RAIL_RESTRICTIONS_NOT_CARRIED", inputLicense: "LicenseRef-BigScience-OpenRAIL-M", outputLicense: "Apache-2.0" },
      ]);
    });

    it("no conflict: the same RAIL license", () => {
      expect(check("creativeml-openrail-m", [base("creativeml-openrail-m")]).conflicts).toEqual([]);
    });

    it("no conflict, but review: another license with use restrictions", () => {
      const report = check("bigscience-openrail-m", [base("creativeml-openrail-m")]);
      expect(report.conflicts).toEqual([]);
      expect(report.review).toEqual([
        "org/base: the release carries other use restrictions than CreativeML OpenRAIL-M; check that they include all of its restrictions.",
      ]);
    });
  });

  describe("LLAMA_DERIVATIVE_NOT_UNDER_LLAMA", () => {
    it("conflict: a Llama fine-tune released under Apache-2.0", () => {
      const report = check("apache-2.0", [base("llama3.1", "meta-llama/Llama-3.1-8B")]);
      expect(report.conflicts).toMatchObject([
        { code: "LLAMA_DERIVATIVE_NOT_UNDER_LLAMA", path: [RELEASE, "meta-llama/Llama-3.1-8B"], inputLicense: "LicenseRef-Llama-3.1" },
      ]);
    });

    it("conflict: a Llama 3.1 fine-tune released under another Llama version", () => {
      expect(codes(check("llama3.3", [base("llama3.1")]))).toEqual(["LLAMA_DERIVATIVE_NOT_UNDER_LLAMA"]);
    });

    it("no conflict: the release stays under the same Llama license, alone or with another", () => {
      expect(check("llama3.1", [base("llama3.1")]).conflicts).toEqual([]);
      expect(check("llama2 AND cc-by-4.0", [base("llama2")]).conflicts).toEqual([]);
    });

    it("the Llama obligations come with it, and the naming rule is checked against the release name", () => {
      const unnamed = check("llama3.1", [base("llama3.1")]);
      expect(unnamed.obligations.map((o) => o.code)).toEqual([
        "ATTRIBUTION_NOTICE",
        "NOTICE_FILE",
        "USE_RESTRICTIONS",
        "NAMING_RULE",
        "USER_THRESHOLD",
      ]);
      expect(unnamed.obligations.find((o) => o.code === "NAMING_RULE")?.met).toBe(false);
      expect(unnamed.review).toContain(`${RELEASE} does not meet the naming rule of LicenseRef-Llama-3.1: ${unnamed.obligations[3]!.text}`);
      const named = check("llama3.1", [base("llama3.1")], { releaseId: "acme/Llama-3.1-sentiment" });
      expect(named.obligations.find((o) => o.code === "NAMING_RULE")?.met).toBe(true);
      expect(named.review).toEqual([]);
    });
  });

  describe("GEMMA_DERIVATIVE_NOT_UNDER_GEMMA", () => {
    it("conflict: a Gemma fine-tune released under MIT", () => {
      expect(check("mit", [base("gemma", "google/gemma-2-2b")]).conflicts).toMatchObject([
        { code: "GEMMA_DERIVATIVE_NOT_UNDER_GEMMA", path: [RELEASE, "google/gemma-2-2b"] },
      ]);
    });

    it("no conflict: the release stays under the Gemma terms", () => {
      expect(check("gemma", [base("gemma")]).conflicts).toEqual([]);
    });
  });

  describe("COPYLEFT_INPUT_DIFFERENT_LICENSE", () => {
    it("conflict: GPL weights under a permissive release, on the cautious reading", () => {
      const report = check("mit", [base("gpl-3.0")]);
      expect(report.conflicts).toMatchObject([{ code: "COPYLEFT_INPUT_DIFFERENT_LICENSE", cautious: expect.stringContaining("untested") }]);
    });

    it("conflict: GPL-3.0-only cannot be offered under 'or later'", () => {
      expect(codes(check("GPL-3.0-or-later", [base("GPL-3.0-only")]))).toEqual(["COPYLEFT_INPUT_DIFFERENT_LICENSE"]);
    });

    it("no conflict: the same license, or a version inside an or-later grant (spdx-satisfies)", () => {
      expect(check("gpl-3.0", [base("GPL-3.0-only")]).conflicts).toEqual([]);
      expect(check("GPL-3.0-only", [base("GPL-2.0+")]).conflicts).toEqual([]);
      expect(check("mpl-2.0", [base("mpl-2.0")]).conflicts).toEqual([]);
      expect(check("GPL-2.0-or-later", [base("lgpl-2.1")]).conflicts).toEqual([]);
    });

    it("copyleft inputs bring a source obligation", () => {
      expect(check("agpl-3.0", [base("agpl-3.0")]).obligations.map((o) => o.code)).toContain("DISCLOSE_SOURCE");
    });
  });

  describe("UNKNOWN_LICENSE_INPUT", () => {
    it("conflict: an input with no license recorded", () => {
      expect(check("mit", [dataset(undefined)]).conflicts).toMatchObject([
        { code: "UNKNOWN_LICENSE_INPUT", inputLicense: "no license recorded", path: [RELEASE, "acme/reviews"] },
      ]);
    });

    it("conflict: other, unknown, and licenses with no terms on record", () => {
      for (const license of ["other", "unknown", "LicenseRef-Acme", "0BSD", "cc"]) {
        expect(codes(check("mit", [base(license)])), license).toEqual(["UNKNOWN_LICENSE_INPUT"]);
      }
    });

    it("no conflict but review, when unknownIsConflict is false", () => {
      const report = check("mit", [base("other")], { options: { unknownIsConflict: false } });
      expect(report.conflicts).toEqual([]);
      expect(report.review).toContain("org/base has no known license terms (other); read its license.");
    });

    it("no conflict: licenses with terms; family ids with terms are for review only", () => {
      expect(check("mit", [base("mit")]).conflicts).toEqual([]);
      const report = check("mit", [base("bsd")]);
      expect(report.conflicts).toEqual([]);
      expect(report.review[0]).toMatch(/^org\/base: LicenseRef-BSD-family: The Hub id `bsd` names a family/);
    });

    it("other with complete declared terms is checked against them", () => {
      const ancestor = {
        path: [RELEASE, "acme/paid-data"],
        id: "acme/paid-data",
        kind: "dataset" as const,
        relation: "trained-on" as const,
        license: parseLicense("other", {
          name: "Acme Data License",
          link: "https://acme.example/data-license",
          declared: {
            kind: "data",
            permissions: ["modifications", "private-use"],
            conditions: ["include-copyright"],
            limitations: ["warranty"],
            commercial: false,
            shareAlike: false,
            noDerivatives: false,
            fees: { perUse: { amount: "0.0004", currency: "USD" } },
          },
        }),
      };
      const report = checkCompatibility({ artifact: { id: RELEASE, license: parseLicense("apache-2.0") }, ancestors: [ancestor] });
      expect(codes(report)).toEqual(["NC_INPUT_COMMERCIAL_OUTPUT"]);
      expect(report.obligations.find((o) => o.code === "FEES")?.text).toBe("The licensor of acme/paid-data asks 0.0004 USD per use");
      expect(report.review[0]).toMatch(/terms declared by the licensor/);
    });
  });

  describe("obligations", () => {
    it("attribution licenses add notices, which are not conflicts", () => {
      const report = check("apache-2.0", [dataset("cc-by-4.0"), dataset("odc-by", "acme/db")]);
      expect(report.conflicts).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.obligations.map((o) => [o.code, o.ancestor, o.binding])).toEqual([
        ["ATTRIBUTION_NOTICE", "acme/reviews", true],
        ["ATTRIBUTION_NOTICE", "acme/db", true],
      ]);
    });

    it("public-domain inputs add none", () => {
      expect(check("apache-2.0", [dataset("cc0-1.0")]).obligations).toEqual([]);
    });
  });

  describe("trainingIsAdaptation", () => {
    const inputs = [dataset("cc-by-nc-4.0"), dataset("cc-by-sa-4.0", "acme/wiki"), dataset("cc-by-nd-4.0", "acme/essays")];

    it("true (the default): dataset conditions reach the model", () => {
      expect(codes(check("apache-2.0", inputs))).toEqual([
        "NC_INPUT_COMMERCIAL_OUTPUT",
        "SA_INPUT_DIFFERENT_LICENSE",
        "ND_INPUT_DERIVATIVE",
      ]);
      expect(codes(check("apache-2.0", inputs, { options: { trainingIsAdaptation: true } }))).toHaveLength(3);
    });

    it("false: they become review notes, and attribution remains as good practice", () => {
      const report = check("apache-2.0", inputs, { options: { trainingIsAdaptation: false } });
      expect(report.conflicts).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.review).toEqual([
        `acme/reviews (CC-BY-NC-4.0) would break NC_INPUT_COMMERCIAL_OUTPUT if training counted as adaptation: ${RULES[0]!.rule}`,
        `acme/wiki (CC-BY-SA-4.0) would break SA_INPUT_DIFFERENT_LICENSE if training counted as adaptation: ${RULES[1]!.rule}`,
        `acme/essays (CC-BY-ND-4.0) would break ND_INPUT_DERIVATIVE if training counted as adaptation: ${RULES[2]!.rule}`,
      ]);
      expect(report.obligations.every((o) => o.code === "ATTRIBUTION_NOTICE" && !o.binding)).toBe(true);
    });

    it("false does not soften direct derivatives", () => {
      expect(codes(check("apache-2.0", [base("cc-by-nc-4.0")], { options: { trainingIsAdaptation: false } }))).toEqual([
        "NC_INPUT_COMMERCIAL_OUTPUT",
      ]);
    });

    it("a path counts as training if any hop is: the base model's training data", () => {
      const inputs: Input[] = [
        base("apache-2.0"),
        { id: "org/corpus", license: "cc-by-nc-4.0", relation: "trained-on", kind: "dataset", via: ["org/base"] },
      ];
      const strict = check("apache-2.0", inputs);
      expect(strict.conflicts).toMatchObject([
        { code: "NC_INPUT_COMMERCIAL_OUTPUT", path: [RELEASE, "org/base", "org/corpus"], cautious: expect.any(String) },
      ]);
      expect(check("apache-2.0", inputs, { options: { trainingIsAdaptation: false } }).conflicts).toEqual([]);
    });

    it("…and through a hop recorded on the intermediate artifact", () => {
      const inputs: Input[] = [
        { id: "org/distilled", license: "apache-2.0", relation: "trained-on" },
        { id: "org/teacher", license: "cc-by-nc-4.0", relation: "finetune", via: ["org/distilled"] },
      ];
      expect(check("apache-2.0", inputs, { options: { trainingIsAdaptation: false } }).conflicts).toEqual([]);
      expect(codes(check("apache-2.0", inputs))).toEqual(["NC_INPUT_COMMERCIAL_OUTPUT"]);
    });
  });

  describe("choices", () => {
    it("an input offering A OR B is checked under the option that works", () => {
      const report = check("apache-2.0", [base("CC-BY-NC-4.0 OR MIT")]);
      expect(report.conflicts).toEqual([]);
      expect(report.review).toContain("org/base offers a choice of licenses (CC-BY-NC-4.0 OR MIT); it was checked under MIT.");
    });

    it("an input under A AND B brings both", () => {
      expect(codes(check("apache-2.0", [base("CC-BY-NC-4.0 AND MIT")]))).toEqual(["NC_INPUT_COMMERCIAL_OUTPUT"]);
    });

    it("an unknown release license is checked at its worst, and flagged", () => {
      const report = check("other", [dataset("cc-by-nc-4.0")]);
      expect(codes(report)).toEqual(["NC_INPUT_COMMERCIAL_OUTPUT"]);
      expect(report.review[0]).toMatch(/^The release license other has terms we do not know/);
    });
  });

  describe("accepted conflicts", () => {
    const inputs = [dataset("cc-by-nc-4.0"), base("cc-by-nc-4.0", "org/nc-model")];

    it("are marked accepted, not dropped", () => {
      const report = check("apache-2.0", inputs, {
        accepted: [{ code: "NC_INPUT_COMMERCIAL_OUTPUT", reason: "Licensed separately from the owners" }],
      });
      expect(report.conflicts).toHaveLength(2);
      expect(report.conflicts.every((c) => c.accepted?.reason === "Licensed separately from the owners")).toBe(true);
      expect(report.ok).toBe(true);
    });

    it("can be narrowed to one ancestor", () => {
      const report = check("apache-2.0", inputs, { accepted: [{ code: "NC_INPUT_COMMERCIAL_OUTPUT", ancestor: "org/nc-model" }] });
      expect(report.conflicts.map((c) => [c.ancestor, c.accepted])).toEqual([
        ["acme/reviews", undefined],
        ["org/nc-model", {}],
      ]);
      expect(report.ok).toBe(false);
    });

    it("that match nothing are reported for review", () => {
      const report = check("mit", [base("mit")], { accepted: [{ code: "ND_INPUT_DERIVATIVE" }, { code: "NO_SUCH_RULE" }] });
      expect(report.review).toEqual([
        "The accepted conflict ND_INPUT_DERIVATIVE no longer occurs.",
        "An accepted conflict names NO_SUCH_RULE, which is no rule of this version.",
      ]);
    });
  });

  describe("input checks", () => {
    it("refuses a path that does not run from the release to the ancestor", () => {
      const attempt = () =>
        checkCompatibility({
          artifact: { id: RELEASE, license: parseLicense("mit") },
          ancestors: [{ path: ["someone/else", "org/base"], id: "org/base", kind: "model", license: parseLicense("mit") }],
        });
      expect(attempt).toThrow(/path must run from acme\/sentiment-large to org\/base/);
    });

    it("refuses malformed input with BAD_ARGUMENT, not a TypeError", () => {
      for (const bad of [
        {},
        { artifact: { id: RELEASE, license: "mit" }, ancestors: [] },
        { artifact: { id: RELEASE, license: parseLicense("mit") }, ancestors: [{ path: [RELEASE] }] },
      ]) {
        try {
          checkCompatibility(bad as CompatibilityInput);
          throw new Error("accepted");
        } catch (error) {
          expect(isShouldersError(error) && error.code).toBe("BAD_ARGUMENT");
        }
      }
    });

    it("reads every license again from its text: a tampered parse tree is ignored, a tampered text refused", () => {
      const forged = { ...parseLicense("cc-by-nc-4.0"), ids: ["MIT"], expression: { license: "MIT" }, commercial: true };
      const report = checkCompatibility({
        artifact: { id: RELEASE, license: JSON.parse(JSON.stringify(parseLicense("mit"))) },
        ancestors: [{ path: [RELEASE, "org/base"], id: "org/base", kind: "model", license: forged }],
      });
      expect(codes(report)).toEqual(["NC_INPUT_COMMERCIAL_OUTPUT"]);
      const garbage = { ...parseLicense("mit"), input: "MIT OR OR" };
      expect(() =>
        checkCompatibility({
          artifact: { id: RELEASE, license: parseLicense("mit") },
          ancestors: [{ path: [RELEASE, "org/base"], id: "org/base", kind: "model", license: garbage }],
        }),
      ).toThrow(/^org\/base: "MIT OR OR" is not a Hub license id/);
    });

    it("a release with no ancestors has nothing to report", () => {
      expect(check("mit", [])).toEqual({ conflicts: [], obligations: [], review: [], ok: true });
    });
  });
});

describe("RULES and docs/licenses.md agree", () => {
  const docs = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "docs", "licenses.md"), "utf8")
    // Table cells may be padded for alignment: compare with runs of spaces collapsed.
    .replace(/ {2,}/g, " ");
  for (const rule of RULES) {
    it(`${rule.code} is documented with its sentence and source`, () => {
      expect(docs).toContain(`\`${rule.code}\``);
      expect(docs).toContain(rule.rule);
      expect(docs).toContain(rule.source);
    });
  }
});
