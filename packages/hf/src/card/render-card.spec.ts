import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { CardMetadataUpdate } from "./card-metadata.js";
import { type CardUpdate, renderCard } from "./render-card.js";
import { splitCard } from "./split-card.js";

/** The update a golden card is rendered with, as the CLI would compute it from a ledger. */
function update(metadata: CardMetadataUpdate, licenses: [string, string][]): CardUpdate {
  const { artifact } = metadata.attribution;
  const parents = metadata.base_model ?? [];
  const licenseAtAGlance = ["| Component | License |", "|:--|:--|", ...licenses.map(([name, id]) => `| ${name} | ${id} |`)].join("\n");
  const lineage = [
    "```mermaid",
    "graph TD",
    ...parents.map((parent, i) => `  p${i}["${parent}"] --> a["${artifact}"]`),
    ...(metadata.datasets ?? []).map((dataset, i) => `  d${i}[("${dataset}")] --> a["${artifact}"]`),
    "```",
  ].join("\n");
  return { metadata, sections: { licenseAtAGlance, lineage } };
}

const origin = "ledger.acme.example/models";

const chat = update(
  {
    license: "apache-2.0",
    base_model: ["acme/base-3b"],
    base_model_relation: "finetune",
    datasets: ["acme/instructions-v1", "acme/instructions-v2"],
    attribution: {
      origin,
      treeSize: 23,
      rootHash: "0b1e6f2a9c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7",
      entry: 22,
      artifact: "acme/chat-3b",
    },
  },
  [
    ["acme/chat-3b", "apache-2.0"],
    ["acme/base-3b", "apache-2.0"],
  ],
);

const goldenCases: Record<string, CardUpdate> = {
  "fine-tune": update(
    {
      license: "apache-2.0",
      base_model: ["distilbert/distilbert-base-uncased"],
      base_model_relation: "finetune",
      datasets: ["stanfordnlp/imdb"],
      attribution: {
        origin,
        treeSize: 42,
        rootHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        entry: 41,
        artifact: "acme/distilbert-imdb-sentiment",
      },
    },
    [
      ["acme/distilbert-imdb-sentiment", "apache-2.0"],
      ["distilbert/distilbert-base-uncased", "apache-2.0"],
      ["stanfordnlp/imdb", "other (IMDb terms)"],
    ],
  ),
  "no-front-matter": update(
    {
      license: "apache-2.0",
      base_model: ["TinyLlama/TinyLlama-1.1B-Chat-v1.0"],
      base_model_relation: "adapter",
      attribution: {
        origin,
        treeSize: 7,
        rootHash: "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b",
        entry: 6,
        artifact: "acme/tiny-llama-lora-recipes",
      },
    },
    [
      ["acme/tiny-llama-lora-recipes", "apache-2.0"],
      ["TinyLlama/TinyLlama-1.1B-Chat-v1.0", "apache-2.0"],
    ],
  ),
  "crlf-bom": update(
    {
      license: "other",
      license_name: "acme-merge-license",
      license_link: "LICENSE.md",
      base_model: ["acme/english-7b", "acme/french-7b"],
      base_model_relation: "merge",
      attribution: {
        origin,
        treeSize: 9,
        rootHash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        entry: 8,
        artifact: "acme/bilingual-merge",
      },
    },
    [
      ["acme/bilingual-merge", "acme-merge-license"],
      ["acme/english-7b", "mit"],
      ["acme/french-7b", "apache-2.0"],
    ],
  ),
  // A card from an earlier run: license other → apache-2.0, a new dataset, a new release, sections in mid-body.
  "previous-run": chat,
  // The same card once rendered and then restyled by hand: nothing is new, so nothing may change.
  "up-to-date": chat,
};

const read = (file: string) => readFileSync(new URL(`./testdata/${file}`, import.meta.url), "utf8");

/** CR and BOM are invisible in a diff; spelling them out makes a line-ending or BOM regression readable. */
const visible = (text: string) => text.replaceAll("\uFEFF", "<BOM>").replaceAll("\r", "<CR>");

const OWNED = new Set(["license", "license_name", "license_link", "base_model", "base_model_relation", "datasets", "attribution"]);

/**
 * The source text of each top-level pair, cut at lines that start a new key. Deliberately naive and independent of
 * the implementation, which uses `yaml`'s node ranges; trailing comment lines stay with the pair before them.
 */
function topLevelChunks(frontMatter: string): { key: string; text: string }[] {
  const chunks: { key: string; text: string }[] = [];
  for (const line of frontMatter.split(/(?<=\n)/)) {
    const key = /^([^\s#-][^:]*):/.exec(line)?.[1];
    if (key !== undefined) chunks.push({ key, text: line });
    else if (chunks.length > 0) (chunks.at(-1) as { text: string }).text += line;
  }
  return chunks;
}

describe("renderCard on golden cards (testdata/NAME.md → NAME.expected.md)", () => {
  for (const [name, update] of Object.entries(goldenCases)) {
    describe(name, () => {
      const input = read(`${name}.md`);
      const expected = read(`${name}.expected.md`);

      it("gives the expected card, byte for byte", () => {
        const { text, changed } = renderCard(input, update);
        // Nothing regenerates the expected file: a mismatch fails with a diff, and the file is updated by hand.
        expect(visible(text), `testdata/${name}.expected.md differs`).toBe(visible(expected));
        expect(text === expected).toBe(true);
        expect(changed).toBe(input !== expected);
      });

      it("is idempotent: the rendered card renders to itself, unchanged", () => {
        const once = renderCard(input, update).text;
        expect(renderCard(once, update)).toEqual({ text: once, changed: false });
      });

      it("keeps every top-level pair it does not own byte for byte, in order", () => {
        const output = renderCard(input, update).text;
        const untouched = topLevelChunks(splitCard(input).frontMatter ?? "").filter(({ key }) => !OWNED.has(key));
        let from = 0;
        for (const { key, text } of untouched) {
          const at = output.indexOf(text, from);
          expect(at, `pair ${key} changed or moved:\n${text}`).toBeGreaterThanOrEqual(0);
          from = at + text.length;
        }
      });

      it("keeps the hand-written body and the line endings", () => {
        const before = splitCard(input);
        const after = splitCard(renderCard(input, update).text);
        expect(after.bom).toBe(before.bom);
        expect(after.eol).toBe(before.eol);
        const handWritten = before.body.split(/<!-- shoulders:begin[\s\S]*?<!-- shoulders:end [a-z-]+ -->/);
        for (const part of handWritten) expect(after.body).toContain(part.trimEnd());
        if (before.eol === "\r\n") expect(after.body.replaceAll("\r\n", "")).not.toContain("\n");
      });
    });
  }

  it("covers a fine-tune with widget and model-index, no front matter, CRLF with BOM, and an earlier run", () => {
    expect(read("fine-tune.md")).toMatch(/^widget:[\s\S]*^model-index:/m);
    expect(splitCard(read("no-front-matter.md")).frontMatter).toBeUndefined();
    expect(splitCard(read("crlf-bom.md"))).toMatchObject({ bom: true, eol: "\r\n" });
    expect(read("previous-run.md")).toMatch(/^attribution:[\s\S]*<!-- shoulders:end lineage -->/m);
  });
});

describe("renderCard", () => {
  const { metadata, sections } = goldenCases["previous-run"] as CardUpdate;

  it("refuses a card it cannot parse, so the caller never writes it", () => {
    const card = "---\nlicense: mit\nlicense: apache-2.0\n---\n# Model\n";
    expect(() => renderCard(card, { metadata, sections })).toThrow(expect.objectContaining({ code: "CARD_INVALID" }));
  });

  it("changes only the lineage section when only the lineage is new", () => {
    const card = read("previous-run.expected.md");
    const lineage = `${sections.lineage}\n\nTrained from a checkpoint outside the Hub: ledger entry 12.`;
    const { text, changed } = renderCard(card, { metadata, sections: { ...sections, lineage } });
    expect(changed).toBe(true);
    expect(text.replace("\n\nTrained from a checkpoint outside the Hub: ledger entry 12.", "")).toBe(card);
  });
});
