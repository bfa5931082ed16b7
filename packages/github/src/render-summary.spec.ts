import { describe, expect, it } from "vitest";
import { emptySnapshot } from "./lineage-snapshot.js";
import { renderSummary } from "./render-summary.js";

describe("renderSummary", () => {
  it("escapes every value from a pull request: facts, findings and the lineage table", () => {
    const summary = renderSummary({
      title: "Shoulders: recorded 1 entries",
      facts: ["acme/reviews@2: added by -@maya"],
      findings: [{ level: "warning", code: "PENDING_INVALID", message: "see www.evil.example, .@acme/owners" }],
      snapshot: {
        ...emptySnapshot(),
        hasLedger: true,
        datasets: [{ id: "+@dev", version: "1", index: 1, license: "http://evil.example", records: 1, files: 1, contributors: [] }],
      },
    });
    expect(summary).toContain("- acme/reviews@&#8203;2: added by -@&#8203;maya");
    expect(summary).toContain("- :warning: `PENDING_INVALID` see www&#8203;.evil.example, .@&#8203;acme/owners");
    expect(summary).toContain("| +@&#8203;dev | dataset | 1 | http:&#8203;//evil.example | 1 records from 0 contributors | 1 |");
  });
});
