import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readCardMetadata } from "./read-card-metadata.js";

const read = (file: string) => readFileSync(new URL(`./testdata/${file}`, import.meta.url), "utf8");

describe("readCardMetadata", () => {
  it("reads a Hub card's license and base model, with anchors expanded", () => {
    const metadata = readCardMetadata(read("fine-tune.md"));
    expect(metadata).toMatchObject({ license: "apache-2.0", base_model: "distilbert-base-uncased", datasets: ["imdb"] });
    const [index] = metadata["model-index"] as { results: { dataset: unknown }[] }[];
    expect(index?.results[1]?.dataset).toEqual(index?.results[0]?.dataset);
  });

  it("reads CRLF cards with a BOM, and flow-style front matter", () => {
    expect(readCardMetadata(read("crlf-bom.md"))).toMatchObject({ license: "mit", tags: ["merge", "mergekit"] });
    expect(readCardMetadata("---\n{license: mit, base_model: [a/b]}\n---\n")).toEqual({ license: "mit", base_model: ["a/b"] });
  });

  it("gives no metadata for a card without front matter or with an empty one", () => {
    expect(readCardMetadata(read("no-front-matter.md"))).toEqual({});
    expect(readCardMetadata("---\n# nothing yet\n---\n")).toEqual({});
  });

  it("keeps __proto__ as a plain key instead of a prototype", () => {
    const metadata = readCardMetadata("---\n__proto__: {polluted: true}\n---\n");
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses alias bombs, duplicate keys and non-mappings from the Hub", () => {
    let bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\n";
    for (const [name, prev] of [
      ["b", "a"],
      ["c", "b"],
      ["d", "c"],
      ["e", "d"],
      ["f", "e"],
      ["g", "f"],
    ]) {
      bomb += `${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]\n`;
    }
    for (const card of [`${bomb}---\n`, "---\nlicense: a\nlicense: b\n---\n", "---\n- a\n---\n", "---\nlicense: mit\n"]) {
      expect(() => readCardMetadata(card)).toThrow(expect.objectContaining({ code: "CARD_INVALID" }));
    }
  });
});
