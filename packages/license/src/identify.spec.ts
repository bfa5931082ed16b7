import { isShouldersError } from "@shoulders/ledger";
import { describe, expect, it } from "vitest";
import { MAX_LICENSE_LENGTH, parseLicense } from "./identify.js";

function refusal(text: string, options?: Parameters<typeof parseLicense>[1]): string {
  try {
    parseLicense(text, options);
  } catch (error) {
    if (!isShouldersError(error)) throw error;
    expect(error.code).toBe("BAD_ARGUMENT");
    expect(error.message).not.toContain("\n");
    return error.message;
  }
  throw new Error(`${JSON.stringify(text)} was accepted`);
}

describe("parseLicense", () => {
  describe("Hub ids", () => {
    const table: [string, string, string][] = [
      ["apache-2.0", "apache-2.0", "Apache-2.0"],
      ["cc-by-nc-4.0", "cc-by-nc-4.0", "CC-BY-NC-4.0"],
      ["llama3.1", "llama3.1", "LicenseRef-Llama-3.1"],
      ["llama4", "llama4", "LicenseRef-Llama-4"],
      ["gemma", "gemma", "LicenseRef-Gemma"],
      ["openrail++", "openrail++", "LicenseRef-OpenRAIL-PlusPlus-M"],
      ["bigscience-bloom-rail-1.0", "bigscience-bloom-rail-1.0", "LicenseRef-BigScience-BLOOM-RAIL-1.0"],
      ["gpl-3.0", "gpl-3.0", "GPL-3.0-only"],
      ["odc-by", "odc-by", "ODC-By-1.0"],
      ["c-uda", "c-uda", "C-UDA-1.0"],
      ["LLAMA3.2", "llama3.2", "LicenseRef-Llama-3.2"],
      ["  Apache-2.0  ", "apache-2.0", "Apache-2.0"],
    ];
    for (const [text, hubId, spdx] of table) {
      it(`${JSON.stringify(text)} → ${hubId} / ${spdx}`, () => {
        const info = parseLicense(text);
        expect(info.hubId).toBe(hubId);
        expect(info.spdx).toBe(spdx);
        expect(info.ids).toEqual([spdx]);
        expect(info.unknown).toBe(false);
      });
    }

    it("a lowercase Hub id is kind hub; the same license spelled as SPDX is kind spdx", () => {
      expect(parseLicense("mit").kind).toBe("hub");
      expect(parseLicense("MIT").kind).toBe("spdx");
      expect(parseLicense("MIT").hubId).toBe("mit");
    });

    it("a family id has terms but is flagged for review", () => {
      const info = parseLicense("bsd");
      expect(info).toMatchObject({ kind: "hub", spdx: "LicenseRef-BSD-family", unknown: false, review: true });
    });

    it("cc (a family too varied to summarise) has no terms: unknown and for review", () => {
      expect(parseLicense("cc")).toMatchObject({ kind: "hub", spdx: "LicenseRef-CC-family", unknown: true, review: true });
    });
  });

  describe("SPDX ids and expressions", () => {
    const table: [string, string, string[]][] = [
      ["MIT", "MIT", ["MIT"]],
      ["gpl-3.0-or-later", "GPL-3.0-or-later", ["GPL-3.0-or-later"]],
      ["cc-by-sa-4.0 or mit", "CC-BY-SA-4.0 OR MIT", ["CC-BY-SA-4.0", "MIT"]],
      ["MIT OR Apache-2.0", "MIT OR Apache-2.0", ["MIT", "Apache-2.0"]],
      ["MIT AND CC-BY-4.0", "MIT AND CC-BY-4.0", ["MIT", "CC-BY-4.0"]],
      [
        "(MIT AND BSD-3-Clause) OR GPL-3.0-or-later",
        "(MIT AND BSD-3-Clause) OR GPL-3.0-or-later",
        ["MIT", "BSD-3-Clause", "GPL-3.0-or-later"],
      ],
      ["MIT AND (Apache-2.0 OR BSD-2-Clause)", "MIT AND (Apache-2.0 OR BSD-2-Clause)", ["MIT", "Apache-2.0", "BSD-2-Clause"]],
      ["GPL-2.0-or-later WITH Classpath-exception-2.0", "GPL-2.0-or-later WITH Classpath-exception-2.0", ["GPL-2.0-or-later"]],
      ["Apache-2.0+", "Apache-2.0+", ["Apache-2.0"]],
      // Deprecated GNU ids keep their SPDX meaning: bare = only, + = or later.
      ["GPL-2.0", "GPL-2.0-only", ["GPL-2.0-only"]],
      ["GPL-2.0+", "GPL-2.0-or-later", ["GPL-2.0-or-later"]],
      ["lgpl-2.1+ OR mit", "LGPL-2.1-or-later OR MIT", ["LGPL-2.1-or-later", "MIT"]],
      // Hub ids may appear inside expressions.
      ["apache-2.0 AND llama3.1", "Apache-2.0 AND LicenseRef-Llama-3.1", ["Apache-2.0", "LicenseRef-Llama-3.1"]],
      ["licenseref-gemma and cc-by-4.0", "LicenseRef-Gemma AND CC-BY-4.0", ["LicenseRef-Gemma", "CC-BY-4.0"]],
      ["MIT OR MIT", "MIT OR MIT", ["MIT"]],
    ];
    for (const [text, spdx, ids] of table) {
      it(`${JSON.stringify(text)} → ${spdx}`, () => {
        const info = parseLicense(text);
        expect(info.kind).toBe("spdx");
        expect(info.spdx).toBe(spdx);
        expect(info.ids).toEqual(ids);
        expect(info.unknown).toBe(false);
        // The normalised form parses to the same thing: it is a fixed point.
        expect(parseLicense(spdx).spdx).toBe(spdx);
      });
    }

    it("keeps the parse tree of spdx-expression-parse", () => {
      expect(parseLicense("MIT OR Apache-2.0").expression).toEqual({
        left: { license: "MIT" },
        conjunction: "or",
        right: { license: "Apache-2.0" },
      });
      expect(parseLicense("GPL-2.0-only WITH Classpath-exception-2.0").expression).toEqual({
        license: "GPL-2.0-only",
        exception: "Classpath-exception-2.0",
      });
    });

    it("an SPDX id with no terms in our table is carried but unknown and for review", () => {
      expect(parseLicense("0BSD")).toMatchObject({ kind: "spdx", spdx: "0BSD", unknown: true, review: true });
      expect(parseLicense("MIT OR 0BSD")).toMatchObject({ unknown: true, review: true });
    });

    it("gives the Hub id only for a single license", () => {
      expect(parseLicense("CC-BY-4.0").hubId).toBe("cc-by-4.0");
      expect(parseLicense("MIT OR Apache-2.0").hubId).toBeUndefined();
      expect(parseLicense("GPL-2.0-only WITH Classpath-exception-2.0").hubId).toBeUndefined();
    });
  });

  describe("LicenseRef and other", () => {
    it("a LicenseRef of our own is matched without case", () => {
      expect(parseLicense("LICENSEREF-LLAMA-3.1")).toMatchObject({ spdx: "LicenseRef-Llama-3.1", hubId: "llama3.1", unknown: false });
    });

    it("a foreign LicenseRef is carried with its name and link, unknown and for review", () => {
      const info = parseLicense("LicenseRef-Acme-Research-1.0", { name: "Acme Research License", link: "https://acme.example/license" });
      expect(info).toMatchObject({
        kind: "spdx",
        spdx: "LicenseRef-Acme-Research-1.0",
        ids: ["LicenseRef-Acme-Research-1.0"],
        name: "Acme Research License",
        link: "https://acme.example/license",
        unknown: true,
        review: true,
      });
    });

    it("DocumentRef:LicenseRef is accepted", () => {
      expect(parseLicense("documentref-spdx-tool:licenseref-acme").spdx).toBe("DocumentRef-spdx-tool:LicenseRef-acme");
    });

    it("`other` is carried with its name and link and flagged for review", () => {
      const info = parseLicense("other", { name: "Acme Research License", link: "https://acme.example/license" });
      expect(info).toEqual({
        input: "other",
        kind: "other",
        hubId: "other",
        ids: [],
        unknown: true,
        review: true,
        name: "Acme Research License",
        link: "https://acme.example/license",
      });
    });

    for (const text of ["unknown", "NOASSERTION", "NONE", "Other"]) {
      it(`${text} names no license: unknown and for review`, () => {
        expect(parseLicense(text)).toMatchObject({ kind: "other", ids: [], unknown: true, review: true });
      });
    }

    it("refuses a link that is not a web page", () => {
      expect(refusal("other", { name: "X", link: "javascript:alert(1)" })).toMatch(/link/);
    });

    it("refuses declared terms that do not fit the schema", () => {
      expect(refusal("other", { declared: { commercial: "yes" } as never })).toMatch(/declared\.commercial/);
    });
  });

  describe("refusals", () => {
    it("suggests close matches for near misses", () => {
      expect(refusal("GPLv3")).toBe(
        '"GPLv3" is not a Hub license id or an SPDX license expression; did you mean gpl-3.0, GPL-3.0-only, GPL-3.0-or-later?',
      );
      expect(refusal("Apache License 2.0")).toMatch(/did you mean apache-2\.0/);
      expect(refusal("CC BY-NC 4.0")).toMatch(/did you mean cc-by-nc-4\.0/);
      expect(refusal("Llama 3.1")).toMatch(/did you mean llama3\.1/);
      expect(refusal("MIT OR Apahce-2.0")).toMatch(/did you mean apache-2\.0/);
    });

    it("says what to write when nothing is close", () => {
      expect(refusal("the quick brown fox")).toMatch(/use a Hub id \(apache-2\.0\), an SPDX expression/);
    });

    it("explains that other cannot be combined", () => {
      expect(refusal("MIT OR other")).toMatch(/LicenseRef-NAME/);
    });

    const malformed = [
      "",
      "   ",
      "MIT OR",
      "(MIT",
      "MIT AND AND Apache-2.0",
      "MIT WITH",
      "GPL-2.0-only WITH classpath-exception-2.0",
      "MIT\nApache-2.0",
    ];
    for (const text of malformed) {
      it(`refuses ${JSON.stringify(text)} with BAD_ARGUMENT`, () => {
        refusal(text);
      });
    }

    it("refuses what is not a string", () => {
      expect(refusal(42 as unknown as string)).toMatch(/string/);
    });

    it(`refuses inputs longer than ${MAX_LICENSE_LENGTH} characters before parsing`, () => {
      const long = Array.from({ length: 100 }, () => "MIT").join(" OR ");
      expect(long.length).toBeGreaterThan(MAX_LICENSE_LENGTH);
      expect(refusal(long)).toMatch(/limit is 500/);
      expect(refusal("x".repeat(100_000))).toMatch(/limit is 500/);
    });

    it("refuses expressions whose choices multiply beyond reason", () => {
      const pairs = Array.from({ length: 8 }, () => "(MIT OR ISC)").join(" AND ");
      expect(pairs.length).toBeLessThan(MAX_LICENSE_LENGTH);
      expect(refusal(pairs)).toMatch(/more than 64 combinations/);
    });

    it("does not find inherited properties", () => {
      expect(parseLicense("LicenseRef-constructor")).toMatchObject({ unknown: true });
      expect(refusal("__proto__")).toMatch(/not a Hub license id/);
    });
  });
});
