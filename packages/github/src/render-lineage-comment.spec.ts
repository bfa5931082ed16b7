import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diffLineage } from "./diff-lineage.js";
import { emptySnapshot, type LineageSnapshot } from "./lineage-snapshot.js";
import { md } from "./markdown.js";
import { LINEAGE_MARKER, renderLineageComment } from "./render-lineage-comment.js";

const before: LineageSnapshot = {
  ...emptySnapshot(),
  hasLedger: true,
  origin: "github.com/acme/sentiment/attribution",
  treeSize: 12,
  datasets: [
    {
      id: "acme/reviews",
      version: "1",
      index: 3,
      license: "CC-BY-4.0",
      records: 1000,
      files: 1,
      contributors: [{ party: "github:maya", records: 1000 }],
    },
  ],
  models: [
    {
      id: "acme/sentiment-large",
      index: 9,
      license: "Apache-2.0",
      run: "ft-1",
      datasets: ["acme/reviews@1"],
      baseModels: ["hf:google-bert/bert-base-uncased"],
    },
  ],
  runs: ["ft-1"],
  contributors: ["github:maya", "github:tomo"],
  shares: [
    { artifact: "acme/reviews@1", kind: "dataset", shares: { "github:maya": "100%" } },
    { artifact: "acme/sentiment-large", kind: "model", shares: { "github:tomo": "50%", "github:maya": "25%", "hf:google-bert": "25%" } },
  ],
};

const after: LineageSnapshot = {
  ...before,
  treeSize: 16,
  datasets: [
    {
      id: "acme/reviews",
      version: "2",
      index: 13,
      license: "CC-BY-4.0",
      records: 3000,
      files: 2,
      contributors: [
        { party: "github:dev", records: 2000 },
        { party: "github:maya", records: 1000 },
      ],
    },
    {
      id: "acme/scraped",
      version: "1",
      index: 14,
      license: "CC-BY-NC-4.0",
      records: 50,
      files: 1,
      contributors: [{ party: "github:dev", records: 50 }],
    },
  ],
  models: [
    {
      id: "acme/sentiment-large",
      version: "2",
      index: 15,
      license: "Apache-2.0",
      run: "ft-2",
      datasets: ["acme/reviews@2", "acme/scraped@1"],
      baseModels: [],
    },
  ],
  runs: ["ft-1", "ft-2"],
  contributors: ["github:dev", "github:maya", "github:tomo"],
  conflicts: [
    {
      artifact: "acme/sentiment-large",
      code: "NC_INPUT_COMMERCIAL_OUTPUT",
      ancestor: "acme/scraped@1",
      text: "acme/scraped@1 (CC-BY-NC-4.0) → acme/sentiment-large (Apache-2.0): non-commercial input",
    },
  ],
  shares: [
    { artifact: "acme/reviews@2", kind: "dataset", shares: { "github:dev": "66.6667%", "github:maya": "33.3333%" } },
    { artifact: "acme/scraped@1", kind: "dataset", shares: { "github:dev": "100%" } },
    { artifact: "acme/sentiment-large", kind: "model", shares: { "github:tomo": "50%", "github:dev": "40%", "github:maya": "10%" } },
  ],
};

const GOLDEN = new URL("./testdata/lineage-comment.md", import.meta.url);

describe("renderLineageComment", () => {
  it("renders every section as the golden file has it", () => {
    const body = renderLineageComment(before, after, {
      graphs: [{ title: "Lineage of acme/reviews@2 after the merge", mermaid: "flowchart TD\n  n0 --> n1\n" }],
      notes: ["The pull request does not merge cleanly into its base."],
    });
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(GOLDEN, body);
    expect(body).toBe(readFileSync(GOLDEN, "utf8"));
  });

  it("says there are no lineage changes when the snapshots agree", () => {
    const body = renderLineageComment(before, before);
    expect(body.startsWith(`${LINEAGE_MARKER}\n### Shoulders: no lineage changes\n`)).toBe(true);
    expect(diffLineage(before, before).changed).toBe(false);
  });

  it("keeps hostile text from a ledger inert: no HTML, no forged marker, no table breakout, no mentions", () => {
    const hostile = {
      ...after,
      datasets: [
        {
          ...(after.datasets[0] as LineageSnapshot["datasets"][number]),
          license: "<!-- shoulders:lineage-comment --> | @acme/owners <img src=x>\n# Heading",
        },
      ],
    };
    const body = renderLineageComment(before, hostile);
    expect(body.split(LINEAGE_MARKER)).toHaveLength(2);
    expect(body).not.toContain("<img");
    expect(body).not.toContain(" @acme/owners");
    expect(body).not.toContain("\n# Heading");
    expect(md("a|b")).toBe("a\\|b");
  });

  it("joins a dataset and its version before escaping, so two values cannot meet at an @ as an address", () => {
    const version = after.datasets[0] as LineageSnapshot["datasets"][number];
    const body = renderLineageComment(before, { ...after, datasets: [{ ...version, id: "maya", version: "example.org" }] });
    expect(body).toContain("Records per contributor in maya@&#8203;example.org:");
  });

  it("fences a graph so that no label can close the code block and be read as markdown", () => {
    const mermaid = 'flowchart TD\n  n0["x\n```\n@acme/owners www.evil.example\n````"]\n';
    const body = renderLineageComment(before, after, { graphs: [{ title: "g", mermaid }] });
    expect(body).toContain(`\n\`\`\`\`\`mermaid\n${mermaid}\`\`\`\`\`\n`);
  });
});
