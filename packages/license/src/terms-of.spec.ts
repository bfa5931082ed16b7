import { describe, expect, it } from "vitest";
import { parseLicense } from "./identify.js";
import { termsOf } from "./terms-of.js";

describe("termsOf", () => {
  it("gives one license's terms as they are", () => {
    const terms = termsOf(parseLicense("apache-2.0"));
    expect(terms).toMatchObject({ ids: ["Apache-2.0"], commercial: true, shareAlike: false, review: false, unknown: [] });
    expect(terms.permissions).toContain("patent-use");
    expect(terms.alternatives).toBeUndefined();
  });

  it("A OR B: the licensee chooses, so the most permissive option is shown and every option is listed", () => {
    const terms = termsOf(parseLicense("CC-BY-NC-4.0 OR MIT"));
    expect(terms.ids).toEqual(["MIT"]);
    expect(terms.commercial).toBe(true);
    expect(terms.alternatives?.map((a) => a.ids)).toEqual([["CC-BY-NC-4.0"], ["MIT"]]);
    expect(terms.notes[0]).toMatch(/choose among 2 options; shown is the most permissive: MIT License/);
  });

  it("A OR B prefers the option without share-alike, then the one with fewer duties", () => {
    expect(termsOf(parseLicense("GPL-3.0-only OR Apache-2.0")).ids).toEqual(["Apache-2.0"]);
    expect(termsOf(parseLicense("Apache-2.0 OR MIT")).ids).toEqual(["MIT"]);
    expect(termsOf(parseLicense("CC-BY-SA-4.0 OR CC-BY-ND-4.0")).ids).toEqual(["CC-BY-SA-4.0"]);
  });

  it("A OR B never prefers an unknown license", () => {
    expect(termsOf(parseLicense("LicenseRef-Acme OR CC-BY-NC-4.0")).ids).toEqual(["CC-BY-NC-4.0"]);
  });

  it("A AND B: both apply; permissions intersect, conditions and restrictions add up", () => {
    const terms = termsOf(parseLicense("CC-BY-NC-4.0 AND Apache-2.0"));
    expect(terms.ids).toEqual(["CC-BY-NC-4.0", "Apache-2.0"]);
    expect(terms.commercial).toBe(false);
    expect(terms.permissions).not.toContain("commercial-use");
    expect(terms.permissions).not.toContain("patent-use");
    expect(terms.conditions).toEqual(expect.arrayContaining(["include-copyright", "document-changes"]));
    expect(terms.limitations).toEqual(expect.arrayContaining(["trademark-use", "patent-use", "liability", "warranty"]));
  });

  it("A AND B keeps every use restriction, notice and threshold", () => {
    const terms = termsOf(parseLicense("llama3.1 AND creativeml-openrail-m"));
    expect(terms.useRestrictions.length).toBe(termsOf(parseLicense("llama3.1")).useRestrictions.length + 11);
    expect(terms.attributionNotices).toEqual(["Built with Llama"]);
    expect(terms.userThresholds).toEqual([
      { license: "LicenseRef-Llama-3.1", monthlyActiveUsers: 700_000_000, requires: expect.any(String) },
    ]);
    expect(terms.derivativesStayUnder).toEqual(["LicenseRef-Llama-3.1"]);
  });

  it("A AND unknown: nothing is granted that we can show, and review is needed", () => {
    const terms = termsOf(parseLicense("MIT AND LicenseRef-Acme", { name: "Acme License" }));
    expect(terms).toMatchObject({ unknown: ["LicenseRef-Acme"], commercial: false, permissions: [], review: true });
    expect(terms.reviewReasons[0]).toMatch(/Acme License \(LicenseRef-Acme\): no terms on record/);
  });

  it("WITH keeps the base license's terms and notes the exception", () => {
    const terms = termsOf(parseLicense("GPL-2.0-or-later WITH Classpath-exception-2.0"));
    expect(terms.ids).toEqual(["GPL-2.0-or-later"]);
    expect(terms.shareAlike).toBe(true);
    expect(terms.notes).toContain("GPL-2.0-or-later WITH Classpath-exception-2.0: the exception grants extra permissions not shown here.");
  });

  it("+ notes the or-later grant", () => {
    expect(termsOf(parseLicense("Apache-2.0+")).notes[0]).toMatch(/any later one/);
  });

  it("other without declared terms is unknown", () => {
    const terms = termsOf(parseLicense("other", { name: "Acme Research License", link: "https://acme.example/license" }));
    expect(terms).toMatchObject({ ids: ["other"], unknown: ["other"], commercial: false, review: true });
    expect(terms.reviewReasons).toEqual([
      "Acme Research License (other): no terms on record; read the license at https://acme.example/license",
    ]);
  });

  it("other with complete declared terms uses them, still for review", () => {
    const info = parseLicense("other", {
      name: "Acme Pay-per-use License",
      link: "https://acme.example/license",
      declared: {
        kind: "proprietary-ish",
        permissions: ["commercial-use", "private-use"],
        conditions: ["include-copyright"],
        limitations: ["warranty"],
        commercial: true,
        shareAlike: false,
        noDerivatives: false,
        fees: { perUse: { amount: "0.0004", currency: "USD" } },
      },
    });
    const terms = termsOf(info);
    expect(terms).toMatchObject({ name: "Acme Pay-per-use License", commercial: true, unknown: [], review: true });
    expect(terms.fees).toEqual([{ license: "other", perUse: { amount: "0.0004", currency: "USD" } }]);
  });

  it("declared fees on a known license add to its terms without asking for review", () => {
    const terms = termsOf(parseLicense("cc-by-4.0", { declared: { fees: { revenueShare: { basisPoints: 250 } } } }));
    expect(terms).toMatchObject({
      ids: ["CC-BY-4.0"],
      review: false,
      fees: [{ license: "CC-BY-4.0", revenueShare: { basisPoints: 250 } }],
    });
  });

  it("a declared grant beyond the license text asks for review", () => {
    const terms = termsOf(parseLicense("cc-by-nc-4.0", { declared: { commercial: true, fees: { revenueShare: { basisPoints: 500 } } } }));
    expect(terms.commercial).toBe(true);
    expect(terms.reviewReasons).toEqual(["CC-BY-NC-4.0: the licensor declared commercial beyond the license text"]);
  });
});
