import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diffLineage } from "./diff-lineage.js";
import { emptySnapshot, type LineageSnapshot } from "./lineage-snapshot.js";
import { md } from "./markdown.js";
import { type MergeReview, mergeReview } from "./merge-review.js";
import { LINEAGE_MARKER, mergeChanges, renderLineageComment } from "./render-lineage-comment.js";

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

const NOVEMBER = { start: "2026-11-01", end: "2026-11-30" };
const THROWN = "9f".repeat(32);
const LOG_KEY = "1c".repeat(32);

/** Issue 13's attack as the bot sees it, next to a maintainer's policy and a release: what mergeReview returns. */
const review: MergeReview = {
  statements: [
    {
      source: `.attribution/pending/${"ab".repeat(32)}.json`,
      type: "release",
      author: LOG_KEY,
      authorIdentity: "log",
      claim: "acme/sentiment-large 2: Apache-2.0, 3 files, from run ft-2",
      money: false,
      outcome: "entry 15",
      recorded: true,
    },
    {
      source: `.attribution/pending/${"cd".repeat(32)}.json`,
      type: "usage receipt",
      author: THROWN,
      claim: "acme/sentiment-large, 2026-11-01/2026-11-30: 1 uses, 999999.00 USD, supersedes entry 11",
      money: true,
      outcome: `UNAPPROVED_SIGNER: signed by no key this log knows (shoulders integrate --approve ${"cd".repeat(32)})`,
      recorded: false,
    },
    {
      source: `.attribution/pending/${"ef".repeat(32)}.json`,
      type: "split policy",
      author: LOG_KEY,
      authorIdentity: "log",
      claim: "acme/sentiment-large: upstream 50% (datasets 100%, base models 0%), own 50% (trainer 100%, code 0% by commits)",
      money: true,
      outcome: "entry 16",
      recorded: true,
    },
  ],
  revenue: [{ artifact: "acme/sentiment-large", period: NOVEMBER, currency: "USD", before: "480.00", after: "999999.00" }],
  payouts: [
    { artifact: "acme/sentiment-large", period: NOVEMBER, currency: "USD", party: "github:dev", after: "399999.60" },
    { artifact: "acme/sentiment-large", period: NOVEMBER, currency: "USD", party: "github:tomo", before: "240.00", after: "499999.50" },
  ],
  keys: [{ keyid: "7e".repeat(32), identity: "ci:inference/provider", change: "added at entry 13, roles: usage" }],
  problems: [],
};

const GOLDEN = new URL("./testdata/lineage-comment.md", import.meta.url);

describe("renderLineageComment", () => {
  it("renders every section as the golden file has it", () => {
    const body = renderLineageComment(before, after, {
      graphs: [{ title: "Lineage of acme/reviews@2 after the merge", mermaid: "flowchart TD\n  n0 --> n1\n" }],
      notes: ["The pull request does not merge cleanly into its base."],
      review,
    });
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(GOLDEN, body);
    expect(body).toBe(readFileSync(GOLDEN, "utf8"));
  });

  it("says there are no lineage changes when the snapshots agree", () => {
    const body = renderLineageComment(before, before);
    expect(body.startsWith(`${LINEAGE_MARKER}\n### Shoulders: no lineage changes\n`)).toBe(true);
    expect(diffLineage(before, before).changed).toBe(false);
  });

  it("puts a refused receipt at the top and never says there are no lineage changes when one is pending", () => {
    const refused = { ...review, statements: review.statements.slice(1, 2), revenue: [], payouts: [], keys: [] };
    const body = renderLineageComment(before, before, { review: refused });
    expect(body.startsWith(`${LINEAGE_MARKER}\n### Shoulders: :warning: money and trust changes\n\n#### Money and trust\n`)).toBe(true);
    expect(body).toContain(
      `| .attribution/pending/${"cd".repeat(32)}.json | usage receipt | ${THROWN.slice(0, 16)} (**a key this log does not know**) | acme/sentiment-large, 2026-11-01/2026-11-30: 1 uses, 999999.00 USD, supersedes entry 11 | **not recorded**: UNAPPROVED_SIGNER: `,
    );
    expect(body).not.toContain("no lineage changes");
    expect(body).toContain("Merging this pull request records no other statement, dataset version, artifact, contributor or license.");
    expect(mergeChanges(before, before, refused)).toBe(true);
    expect(mergeChanges(before, before, { ...refused, statements: [] })).toBe(false);
  });

  it("decodes a hostile pending statement into inert text: no HTML, marker, mention, link, heading or table breakout", () => {
    const hostile = mergeReview({
      before: { snapshot: before },
      after: { snapshot: before },
      statements: [
        {
          file: ".attribution/pending/x.json",
          digest: "x",
          index: 12,
          author: `${"ab".repeat(32)}<img src=x>`,
          authorIdentity: "github:x | @acme/owners",
          statement: {
            _type: "https://in-toto.io/Statement/v1",
            subject: [{ name: "x", digest: { sha256: "ab".repeat(32) } }],
            predicateType: "https://evil.example/<img src=x>/v1",
            predicate: { text: `${LINEAGE_MARKER} | @acme/owners <img src=x>\n# Heading www.evil.example #12 ${"x".repeat(1000)}` },
          },
        },
      ],
      rejected: [],
    });
    const body = renderLineageComment(before, before, { review: hostile });
    expect(body.split(LINEAGE_MARKER)).toHaveLength(2);
    expect(body).not.toContain("<img");
    expect(body).not.toContain(" @acme/owners");
    expect(body).not.toContain("\n# Heading");
    expect(body).not.toContain("www.evil");
    expect(body).not.toContain("#12");
    expect(body).not.toContain("x".repeat(301));
    // One table row: no cell of it broke out of the table or onto another line.
    const row = body.split("\n").find((line) => line.startsWith("| .attribution/pending/x.json |")) as string;
    expect(row.replace(/\\\|/g, "").split("|")).toHaveLength(7);
    expect(row).toContain("| https:&#8203;//evil.example/&lt;img src=x&gt;/v1 |");
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
