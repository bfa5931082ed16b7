import parseSpdx from "spdx-expression-parse";
import { describe, expect, it } from "vitest";
import { SPDX_LICENSE_IDS } from "../spdx-ids.js";
import { LicenseTermsSchema, licenseTermsJsonSchema } from "./schema.js";
import { TERMS, TERMS_LIST, termsForKey } from "./table.js";

function terms(key: string) {
  const found = termsForKey(key);
  if (!found) throw new Error(`no terms for ${key}`);
  return found;
}

describe("TERMS", () => {
  it("has one entry per key", () => {
    expect(Object.keys(TERMS).length).toBe(TERMS_LIST.length);
  });

  it("covers the licenses the issue names", () => {
    const required = [
      "MIT",
      "Apache-2.0",
      "BSD-2-Clause",
      "BSD-3-Clause",
      "ISC",
      "MPL-2.0",
      "LGPL-2.1-only",
      "LGPL-3.0-only",
      "GPL-2.0-only",
      "GPL-2.0-or-later",
      "GPL-3.0-only",
      "GPL-3.0-or-later",
      "AGPL-3.0-only",
      "Unlicense",
      "CC0-1.0",
      "CC-BY-2.0",
      "CC-BY-3.0",
      "CC-BY-4.0",
      "CC-BY-SA-3.0",
      "CC-BY-SA-4.0",
      "CC-BY-NC-2.0",
      "CC-BY-NC-3.0",
      "CC-BY-NC-4.0",
      "CC-BY-NC-SA-2.0",
      "CC-BY-NC-SA-3.0",
      "CC-BY-NC-SA-4.0",
      "CC-BY-ND-4.0",
      "CC-BY-NC-ND-3.0",
      "CC-BY-NC-ND-4.0",
      "CDLA-Permissive-1.0",
      "CDLA-Permissive-2.0",
      "CDLA-Sharing-1.0",
      "ODC-By-1.0",
      "ODbL-1.0",
      "PDDL-1.0",
      "LicenseRef-OpenRAIL",
      "LicenseRef-OpenRAIL-M",
      "LicenseRef-OpenRAIL-PlusPlus-M",
      "LicenseRef-BigScience-OpenRAIL-M",
      "LicenseRef-BigScience-BLOOM-RAIL-1.0",
      "LicenseRef-CreativeML-OpenRAIL-M",
      "LicenseRef-BigCode-OpenRAIL-M",
      "LicenseRef-Llama-2",
      "LicenseRef-Llama-3",
      "LicenseRef-Llama-3.1",
      "LicenseRef-Llama-3.2",
      "LicenseRef-Llama-3.3",
      "LicenseRef-Llama-4",
      "LicenseRef-Gemma",
    ];
    expect(required.filter((key) => !termsForKey(key))).toEqual([]);
  });

  for (const entry of TERMS_LIST) {
    it(`${entry.id} fits the schema, cites a source and is self-consistent`, () => {
      expect(LicenseTermsSchema.parse(entry)).toEqual(entry);
      expect(entry.sources.length).toBeGreaterThanOrEqual(1);
      // The key is what spdx-expression-parse reads: an SPDX id or a LicenseRef.
      expect(entry.id.startsWith("LicenseRef-") || SPDX_LICENSE_IDS.includes(entry.id)).toBe(true);
      expect(parseSpdx(entry.id)).toEqual({ license: entry.id });
      // The booleans and the choosealicense vocabulary say the same thing.
      expect(entry.commercial).toBe(entry.permissions.includes("commercial-use"));
      if (entry.noDerivatives) expect(entry.permissions).not.toContain("modifications");
      if (entry.shareAlike) expect(entry.conditions.some((c) => c.startsWith("same-license"))).toBe(true);
      if (entry.namePrefix) expect(entry.namingRule).toContain(entry.namePrefix);
      if (entry.conditions.includes("pass-on-use-restrictions")) expect(entry.useRestrictions?.length).toBeGreaterThan(0);
      if (entry.derivativesStayUnder) expect(termsForKey(entry.derivativesStayUnder)).toBeDefined();
      for (const key of entry.shareAlikeCompatible ?? []) expect(termsForKey(key), key).toBeDefined();
    });
  }

  it("does not find inherited properties", () => {
    expect(termsForKey("constructor")).toBeUndefined();
    expect(termsForKey("__proto__")).toBeUndefined();
    expect(termsForKey("toString")).toBeUndefined();
  });

  it("exports the terms JSON Schema", () => {
    const schema = licenseTermsJsonSchema();
    expect(schema).toMatchObject({ type: "object", additionalProperties: false });
    expect(Object.keys(schema.properties as object)).toContain("useRestrictions");
    expect(schema.required).toEqual(expect.arrayContaining(["id", "permissions", "conditions", "limitations", "commercial", "sources"]));
  });
});

describe("facts users rely on", () => {
  it("CC-BY-NC-4.0 does not allow commercial use", () => {
    expect(terms("CC-BY-NC-4.0")).toMatchObject({ commercial: false, shareAlike: false, noDerivatives: false });
    expect(terms("CC-BY-NC-4.0").permissions).not.toContain("commercial-use");
  });

  it("CC-BY-SA-4.0 is share-alike, and GPL-3.0 and later BY-SA versions satisfy it", () => {
    expect(terms("CC-BY-SA-4.0")).toMatchObject({ commercial: true, shareAlike: true });
    expect(terms("CC-BY-SA-4.0").shareAlikeCompatible).toEqual(["GPL-3.0-only", "GPL-3.0-or-later"]);
    expect(terms("CC-BY-SA-3.0").shareAlikeCompatible).toContain("CC-BY-SA-4.0");
    expect(terms("CC-BY-NC-SA-2.0").shareAlikeCompatible).toEqual(expect.arrayContaining(["CC-BY-NC-SA-3.0", "CC-BY-NC-SA-4.0"]));
    expect(terms("CC-BY-NC-SA-4.0").shareAlikeCompatible).not.toContain("CC-BY-SA-4.0");
  });

  it("CC-BY-ND-4.0 allows no derivatives, CC-BY-NC-ND-4.0 neither derivatives nor commercial use", () => {
    expect(terms("CC-BY-ND-4.0")).toMatchObject({ noDerivatives: true, commercial: true });
    expect(terms("CC-BY-NC-ND-4.0")).toMatchObject({ noDerivatives: true, commercial: false });
  });

  it("CC-BY-4.0 requires attribution and grants no patent or trademark rights", () => {
    expect(terms("CC-BY-4.0").conditions).toEqual(["include-copyright", "document-changes"]);
    expect(terms("CC-BY-4.0").limitations).toEqual(expect.arrayContaining(["patent-use", "trademark-use"]));
    expect(terms("CC-BY-4.0").url).toBe("https://creativecommons.org/licenses/by/4.0/legalcode.en");
    expect(terms("CC-BY-NC-ND-1.0").url).toBe("https://creativecommons.org/licenses/by-nd-nc/1.0/legalcode");
    expect(terms("CC-BY-SA-3.0-DE").url).toBe("https://creativecommons.org/licenses/by-sa/3.0/de/legalcode");
  });

  it("Llama 3.1: 700M monthly active users, Built with Llama, names begin with Llama", () => {
    const llama = terms("LicenseRef-Llama-3.1");
    expect(llama.userThreshold?.monthlyActiveUsers).toBe(700_000_000);
    expect(llama.attributionNotice).toBe("Built with Llama");
    expect(llama.noticeText).toBe(
      "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved.",
    );
    expect(llama.namePrefix).toBe("Llama");
    expect(llama.derivativesStayUnder).toBe("LicenseRef-Llama-3.1");
    expect(llama.commercial).toBe(true);
  });

  it("Llama 2 asks no 'Built with' notice or name prefix; Llama 3 asks for 'Meta Llama 3' and 'Llama 3'", () => {
    expect(terms("LicenseRef-Llama-2").attributionNotice).toBeUndefined();
    expect(terms("LicenseRef-Llama-2").namePrefix).toBeUndefined();
    expect(terms("LicenseRef-Llama-3").attributionNotice).toBe("Built with Meta Llama 3");
    expect(terms("LicenseRef-Llama-3").namePrefix).toBe("Llama 3");
    // Llama 2 and 3 forbid improving other LLMs with their outputs; 3.1 dropped that clause.
    expect(terms("LicenseRef-Llama-3").useRestrictions?.some((r) => r.includes("improve any other large language model"))).toBe(true);
    expect(terms("LicenseRef-Llama-3.1").useRestrictions?.some((r) => r.includes("improve any other large language model"))).toBe(false);
  });

  it("Llama 3.2, 3.3 and 4 withhold multimodal rights in the EU", () => {
    for (const key of ["LicenseRef-Llama-3.2", "LicenseRef-Llama-3.3", "LicenseRef-Llama-4"]) {
      expect(terms(key).useRestrictions?.some((r) => r.includes("European Union"))).toBe(true);
    }
    expect(terms("LicenseRef-Llama-3.1").useRestrictions?.some((r) => r.includes("European Union"))).toBe(false);
  });

  it("Gemma: prohibited uses, NOTICE text, derivatives under Gemma terms, no user threshold", () => {
    const gemma = terms("LicenseRef-Gemma");
    expect(gemma.useRestrictions?.length).toBeGreaterThan(0);
    expect(gemma.noticeText).toBe("Gemma is provided under and subject to the Gemma Terms of Use found at ai.google.dev/gemma/terms");
    expect(gemma.derivativesStayUnder).toBe("LicenseRef-Gemma");
    expect(gemma.userThreshold).toBeUndefined();
  });

  it("Apache-2.0 grants patent use; MIT grants no explicit patent license", () => {
    expect(terms("Apache-2.0").permissions).toContain("patent-use");
    expect(terms("MIT").permissions).not.toContain("patent-use");
  });

  it("GPL-3.0 requires disclosing source under the same license", () => {
    for (const key of ["GPL-3.0-only", "GPL-3.0-or-later"]) {
      expect(terms(key).conditions).toEqual(expect.arrayContaining(["disclose-source", "same-license"]));
      expect(terms(key).kind).toBe("copyleft");
    }
  });

  it("AGPL-3.0 also requires disclosure to network users", () => {
    expect(terms("AGPL-3.0-only").conditions).toContain("network-use-disclose");
    expect(terms("GPL-3.0-only").conditions).not.toContain("network-use-disclose");
  });

  it("RAIL licenses allow commercial use and pass their use restrictions on", () => {
    for (const key of ["LicenseRef-BigScience-OpenRAIL-M", "LicenseRef-CreativeML-OpenRAIL-M", "LicenseRef-BigCode-OpenRAIL-M"]) {
      expect(terms(key)).toMatchObject({ kind: "ml-responsible", commercial: true });
      expect(terms(key).conditions).toContain("pass-on-use-restrictions");
    }
    expect(terms("LicenseRef-BigScience-OpenRAIL-M").useRestrictions).toHaveLength(13);
    expect(terms("LicenseRef-CreativeML-OpenRAIL-M").useRestrictions).toHaveLength(11);
  });

  it("CDLA and C-UDA leave results such as trained models free", () => {
    for (const key of ["CDLA-Permissive-1.0", "CDLA-Permissive-2.0", "CDLA-Sharing-1.0", "C-UDA-1.0"])
      expect(terms(key).resultsUnrestricted).toBe(true);
    expect(terms("CDLA-Sharing-1.0").shareAlike).toBe(true);
    expect(terms("ODbL-1.0").resultsUnrestricted).toBeUndefined();
  });

  it("research-only licenses do not allow commercial use and ask for review", () => {
    for (const key of ["LicenseRef-DeepFloyd-IF", "LicenseRef-FAIR-Noncommercial-Research", "LicenseRef-Apple-AMLR"]) {
      expect(terms(key)).toMatchObject({ commercial: false });
      expect(terms(key).review).toBeDefined();
    }
  });

  it("public-domain dedications ask nothing", () => {
    for (const key of ["CC0-1.0", "Unlicense", "PDDL-1.0"]) expect(terms(key)).toMatchObject({ kind: "public-domain", conditions: [] });
  });
});
