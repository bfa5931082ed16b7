import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import parseSpdx from "spdx-expression-parse";
import { describe, expect, it } from "vitest";
import { HUB_LICENSE_IDS, isHubLicenseId } from "./hub-licenses.js";
import { HUB_TO_SPDX, toHubId, toSpdx } from "./hub-spdx-map.js";
import { TERMS_LIST, termsForKey } from "./terms/table.js";

/** The `License` union of the installed @huggingface/hub, read from its declaration file at test time. */
function hubPackageLicenses(): string[] {
  const entry = createRequire(import.meta.url).resolve("@huggingface/hub");
  const root = join(dirname(entry), "..");
  const candidates = [join(root, "dist", "src", "types", "public.d.ts"), join(root, "src", "types", "public.ts")];
  for (const file of candidates) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    const union = /export type License\s*=([^;]*);/.exec(text)?.[1];
    if (union) return [...union.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
  }
  throw new Error(`no License type found in ${candidates.join(" or ")}`);
}

describe("Hub license ids", () => {
  const fromPackage = hubPackageLicenses();

  it("the installed @huggingface/hub declares a License type we can read", () => {
    expect(fromPackage.length).toBeGreaterThan(60);
    expect(fromPackage).toContain("apache-2.0");
  });

  it("include every id of @huggingface/hub's License type (an upgrade that adds ids fails here)", () => {
    expect(fromPackage.filter((id) => !isHubLicenseId(id))).toEqual([]);
  });

  it("add only the newer ids the Hub documentation lists", () => {
    expect(HUB_LICENSE_IDS.filter((id) => !fromPackage.includes(id))).toEqual([
      "eupl-1.2",
      "h-research",
      "intel-research",
      "openmdw-1.0",
      "openmdw-1.1",
      "fair-noncommercial-research-license",
      "llama4",
      "grok2-community",
    ]);
  });

  it("are unique and lowercase", () => {
    expect(new Set(HUB_LICENSE_IDS).size).toBe(HUB_LICENSE_IDS.length);
    for (const id of HUB_LICENSE_IDS) expect(id).toBe(id.toLowerCase());
  });

  for (const id of HUB_LICENSE_IDS.filter((id) => id !== "unknown" && id !== "other")) {
    it(`${id} maps to an SPDX id or LicenseRef that spdx-expression-parse reads, and back`, () => {
      const spdx = toSpdx(id);
      expect(spdx).toBe(HUB_TO_SPDX[id]);
      expect(parseSpdx(spdx as string)).toEqual({ license: spdx });
      expect(toHubId(spdx as string)).toBe(id);
      expect(toHubId((spdx as string).toUpperCase())).toBe(id);
    });
  }

  it("unknown and other map to no license", () => {
    expect(toSpdx("unknown")).toBeUndefined();
    expect(toSpdx("other")).toBeUndefined();
    expect(toSpdx("not-a-license")).toBeUndefined();
  });

  it("every Hub id has terms except the ones we could not fill, which stay unknown", () => {
    const missing = HUB_LICENSE_IDS.filter((id) => id !== "unknown" && id !== "other" && !termsForKey(HUB_TO_SPDX[id]));
    expect(missing).toEqual(["cc", "grok2-community"]);
  });

  it("map between the vocabularies as the Hub means them", () => {
    expect(toSpdx("apache-2.0")).toBe("Apache-2.0");
    expect(toSpdx("CC-BY-NC-4.0")).toBe("CC-BY-NC-4.0");
    expect(toSpdx("gpl-3.0")).toBe("GPL-3.0-only");
    expect(toSpdx("llama3")).toBe("LicenseRef-Llama-3");
    expect(toSpdx("openrail")).toBe("LicenseRef-OpenRAIL");
    expect(toSpdx("odbl")).toBe("ODbL-1.0");
    expect(toHubId("Apache-2.0")).toBe("apache-2.0");
    expect(toHubId("GPL-3.0-or-later")).toBe("gpl-3.0");
    expect(toHubId("GPL-2.0+")).toBe("gpl-2.0");
    expect(toHubId("LicenseRef-OpenRAIL-M")).toBe("openrail");
    expect(toHubId("MIT OR Apache-2.0")).toBeUndefined();
    expect(toHubId("0BSD")).toBeUndefined();
  });
});

describe("docs/licenses.md states the map and the table as the code has them", () => {
  const docs = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "docs", "licenses.md"), "utf8")
    // Table cells may be padded for alignment: compare with runs of spaces collapsed.
    .replace(/ {2,}/g, " ");

  for (const [hub, spdx] of Object.entries(HUB_TO_SPDX)) {
    it(`${hub} → ${spdx}`, () => {
      if (spdx.toLowerCase() !== hub) expect(docs).toContain(`| \`${hub}\` | \`${spdx}\` |`);
    });
  }

  it("the number of licenses in TERMS", () => {
    expect(docs).toContain(`\`TERMS\` holds ${TERMS_LIST.length} of them`);
  });
});
