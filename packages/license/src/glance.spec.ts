import { describe, expect, it } from "vitest";
import { groupDigits, licenseAtAGlance } from "./glance.js";
import { parseLicense } from "./identify.js";
import { termsOf } from "./terms-of.js";

function glance(text: string, options?: Parameters<typeof parseLicense>[1]): string {
  return licenseAtAGlance(termsOf(parseLicense(text, options)))
    .rows.map((r) => `${r.label}: ${r.value}`)
    .join("\n");
}

describe("licenseAtAGlance", () => {
  it("MIT", () => {
    expect(glance("mit")).toBe(
      [
        "License: MIT License",
        "Commercial use: yes",
        "Modify: yes",
        "Share alike: no",
        "Attribution: required (keep the copyright and license notices)",
        "Use restrictions: none",
        "Fees: none declared",
        "User threshold: none",
      ].join("\n"),
    );
  });

  it("CC-BY-NC-ND-4.0", () => {
    const text = glance("cc-by-nc-nd-4.0");
    expect(text).toContain("Commercial use: no");
    expect(text).toContain("Modify: for yourself only; adaptations may not be shared");
    expect(text).toContain("Attribution: required (Credit the creator");
  });

  it("CC-BY-SA-4.0", () => {
    expect(glance("cc-by-sa-4.0")).toContain("Share alike: yes: adaptations must use the same license");
  });

  it("Llama 3.1", () => {
    const text = glance("llama3.1");
    expect(text).toContain("Commercial use: yes, below the user threshold");
    expect(text).toContain("Share alike: derivatives stay under the Llama 3.1 Community License Agreement");
    expect(text).toContain('Attribution: required (Built with Llama; NOTICE file: "Llama 3.1 is licensed under');
    expect(text).toMatch(/Use restrictions: 4 \(violate the law/);
    expect(text).toContain("User threshold: above 700,000,000 monthly active users: a separate license from Meta");
    expect(text).toContain(
      'Naming: A distributed AI model created, trained or fine-tuned with Llama 3.1 or its outputs must have a name that begins with "Llama".',
    );
  });

  it("AGPL-3.0 shows the network source duty", () => {
    expect(glance("agpl-3.0")).toContain("Source: must be offered, also to network users");
  });

  it("fees declared by the licensor", () => {
    const text = glance("cc-by-4.0", {
      declared: { fees: { perUse: { amount: "0.0004", currency: "USD" }, revenueShare: { basisPoints: 550 } } },
    });
    expect(text).toContain("Fees: CC-BY-4.0: 0.0004 USD per use and 5.50% of revenue");
  });

  it("an unknown license says so rather than guessing", () => {
    const text = glance("other", { name: "Acme License", link: "https://acme.example/l" });
    expect(text).toContain("Commercial use: unknown (read the license)");
    expect(text).toContain("Modify: unknown (read the license)");
    expect(text).toContain("Review: Acme License (other): no terms on record; read the license at https://acme.example/l");
  });

  it("an OR expression lists its options", () => {
    expect(glance("MIT OR CC-BY-NC-4.0")).toContain("Options: MIT License | Creative Commons Attribution-NonCommercial 4.0");
  });

  it("is deterministic and plain text", () => {
    for (const id of ["mit", "llama4", "gemma", "cc-by-nc-sa-4.0", "odbl", "bigscience-openrail-m", "other"]) {
      const a = glance(id);
      expect(glance(id)).toBe(a);
      expect(a).not.toMatch(/[*_`|#]{2}|\[|\]\(/);
    }
  });

  it("groups digits without a locale", () => {
    expect(groupDigits(700_000_000)).toBe("700,000,000");
    expect(groupDigits(999)).toBe("999");
    expect(groupDigits(1000)).toBe("1,000");
  });
});
