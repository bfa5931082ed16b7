import { describe, expect, it } from "vitest";
import { type CardMetadataUpdate, updateMetadata } from "./card-metadata.js";
import { parseFrontMatter } from "./parse-front-matter.js";

const attribution = {
  origin: "ledger.acme.example/models",
  treeSize: 5,
  rootHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  entry: 4,
  artifact: "acme/chat-3b",
};
const attributionYaml = [
  "attribution:",
  "  origin: ledger.acme.example/models",
  "  treeSize: 5",
  "  rootHash: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  "  entry: 4",
  "  artifact: acme/chat-3b",
  "",
].join("\n");
const base: CardMetadataUpdate = { license: "apache-2.0", attribution };
const data = (frontMatter: string) => parseFrontMatter(frontMatter).data;
const cardInvalid = expect.objectContaining({ code: "CARD_INVALID" });

describe("updateMetadata", () => {
  it("writes a new front matter with the owned keys in a fixed order", () => {
    const update: CardMetadataUpdate = {
      ...base,
      base_model: ["acme/base-3b"],
      base_model_relation: "finetune",
      datasets: ["acme/chat-data"],
    };
    expect(updateMetadata(undefined, update)).toBe(
      `license: apache-2.0\nbase_model: acme/base-3b\nbase_model_relation: finetune\ndatasets:\n- acme/chat-data\n${attributionYaml}`,
    );
  });

  it("writes one base model as a string and several as a list, as the Hub does", () => {
    expect(data(updateMetadata("", { ...base, base_model: ["acme/base-3b"] })).base_model).toBe("acme/base-3b");
    const merged = updateMetadata("base_model: acme/base-3b\n", {
      ...base,
      base_model: ["acme/a", "acme/b"],
      base_model_relation: "merge",
    });
    expect(merged.startsWith("base_model:\n- acme/a\n- acme/b\n")).toBe(true);
    expect(data(merged)).toMatchObject({ base_model: ["acme/a", "acme/b"], base_model_relation: "merge" });
  });

  it("writes license other with its name and link, and removes them when the license goes back to a Hub id", () => {
    const other = updateMetadata("license: mit\ntags:\n- chat\n", {
      ...base,
      license: "other",
      license_name: "acme-research-license",
      license_link: "https://acme.example/licenses/research-1.0",
    });
    expect(other).toBe(
      `license: other\ntags:\n- chat\nlicense_name: acme-research-license\nlicense_link: https://acme.example/licenses/research-1.0\n${attributionYaml}`,
    );
    expect(updateMetadata(other, base)).toBe(`license: apache-2.0\ntags:\n- chat\n${attributionYaml}`);
  });

  it("leaves a hand-written license_name alone when the license stays other and the update names none", () => {
    const card = `license: other\nlicense_name: custom # agreed with legal\n${attributionYaml}`;
    expect(updateMetadata(card, { ...base, license: "other" })).toBe(card);
  });

  it("does not touch owned keys whose values are already equal, however they are written", () => {
    const card = [
      "license: 'apache-2.0'   # see LICENSE",
      "base_model: [acme/base-3b]",
      "datasets: [acme/b, acme/a]",
      "attribution: {artifact: acme/chat-3b, entry: 4, treeSize: 5, origin: ledger.acme.example/models,",
      '  rootHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}',
      "",
    ].join("\n");
    expect(updateMetadata(card, { ...base, base_model: ["acme/base-3b"], datasets: ["acme/a", "acme/b"] })).toBe(card);
  });

  it("replaces a changed pair in place and keeps the comments around it", () => {
    const card = [
      "language: [en]",
      "# Hub datasets only",
      "datasets:",
      "  - old/data",
      "  # more to come",
      "pipeline_tag: text-generation",
      "",
    ].join("\n");
    expect(updateMetadata(card, { ...base, datasets: ["acme/new-data"] })).toBe(
      [
        "language: [en]",
        "# Hub datasets only",
        "datasets:",
        "- acme/new-data",
        "  # more to come",
        "pipeline_tag: text-generation",
        "license: apache-2.0",
        attributionYaml,
      ].join("\n"),
    );
  });

  it("loses a comment on the same line as a replaced key: that line is rewritten", () => {
    expect(updateMetadata("license: mit # from the base model\n", base)).toBe(`license: apache-2.0\n${attributionYaml}`);
  });

  it("leaves base_model and datasets alone when the update has none, and removes them for an empty list", () => {
    const card = `license: apache-2.0\nbase_model: acme/base-3b\nbase_model_relation: adapter\ndatasets: [local-only]\n${attributionYaml}`;
    expect(updateMetadata(card, base)).toBe(card);
    expect(updateMetadata(card, { ...base, base_model: [], datasets: [] })).toBe(`license: apache-2.0\n${attributionYaml}`);
  });

  it("replaces the last pair of a front matter that does not end with a line break", () => {
    expect(updateMetadata("tags: [a]\nlicense: mit", base)).toBe(`tags: [a]\nlicense: apache-2.0\n${attributionYaml}`);
    expect(updateMetadata("tags: [a]", base)).toBe(`tags: [a]\nlicense: apache-2.0\n${attributionYaml}`);
  });

  it("writes CRLF into a CRLF front matter", () => {
    const result = updateMetadata("tags:\r\n- a\r\nlicense: mit\r\n", base);
    expect(result).toBe(`tags:\r\n- a\r\nlicense: apache-2.0\r\n${attributionYaml.replaceAll("\n", "\r\n")}`);
  });

  it("quotes values that would otherwise read as another type or break the YAML", () => {
    const result = updateMetadata(undefined, { ...base, license: "other", license_name: "yes", license_link: "https://x.example/a: b #c" });
    expect(data(result)).toMatchObject({ license_name: "yes", license_link: "https://x.example/a: b #c" });
  });

  it("refuses an alias bomb without expanding it", () => {
    let card = "a: &a [x, x, x, x, x, x, x, x, x]\n";
    for (const [name, prev] of [
      ["b", "a"],
      ["c", "b"],
      ["d", "c"],
      ["e", "d"],
      ["f", "e"],
      ["g", "f"],
      ["h", "g"],
      ["i", "h"],
    ]) {
      card += `${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]\n`;
    }
    const copy = `${card}`;
    expect(() => updateMetadata(card, base)).toThrow(cardInvalid);
    expect(card).toBe(copy);
  });

  it("accepts anchors used a few times in keys it does not own", () => {
    const card = "results:\n- dataset: &d {name: imdb}\n- dataset: *d\n- dataset: *d\n";
    expect(updateMetadata(card, base)).toBe(`${card}license: apache-2.0\n${attributionYaml}`);
  });

  it("refuses a replacement that would orphan an alias elsewhere", () => {
    const card = "license: &l mit\nlicense_note: *l\n";
    expect(() => updateMetadata(card, base)).toThrow(
      expect.objectContaining({ code: "CARD_INVALID", message: expect.stringMatching(/cannot be updated safely/) }),
    );
  });

  it("refuses YAML errors and warnings with a one-line message", () => {
    const cards = {
      "duplicate keys": "license: mit\ntags: [a]\nlicense: apache-2.0\n",
      "tab indentation": "tags:\n\t- a\n\t\t- b\n",
      "unclosed quote": 'license: "mit\n',
      "unknown tag": "license: !!python/object:os.system mit\n",
      "not a mapping": "- license\n- mit\n",
      "a scalar": "just text\n",
      "deep nesting": `a: ${"[".repeat(5000)}${"]".repeat(5000)}\n`,
    };
    for (const [name, card] of Object.entries(cards)) {
      let error: unknown;
      try {
        updateMetadata(card, base);
      } catch (caught) {
        error = caught;
      }
      expect(error, name).toMatchObject({ code: "CARD_INVALID" });
      expect((error as Error).message, name).not.toContain("\n");
    }
  });

  it("refuses layouts it cannot edit by source range: a flow mapping, an indented mapping, complex keys", () => {
    for (const card of ["{license: mit}\n", "  license: mit\n  tags: [a]\n", "? [a, b]\n: 1\n"]) {
      expect(() => updateMetadata(card, base), card).toThrow(cardInvalid);
    }
  });

  it("writes license_name only with license_link, and a link only to a web page or a file of the repository", () => {
    const other = { ...base, license: "other" };
    const bad: CardMetadataUpdate[] = [
      // The Hub shows the name as a link to license_link (hub-docs modelcard.md): a name alone leads nowhere.
      { ...other, license_name: "acme-license" },
      { ...other, license_link: "LICENSE" },
      // The Hub puts a relative link below the repository's files: it must not climb out or be another scheme.
      { ...other, license_name: "acme-license", license_link: "../LICENSE" },
      { ...other, license_name: "acme-license", license_link: "/LICENSE" },
      { ...other, license_name: "acme-license", license_link: "javascript:alert(1)" },
    ];
    for (const update of bad)
      expect(() => updateMetadata("", update), JSON.stringify(update)).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
    for (const link of ["LICENSE", "docs/LICENSE.md", "https://acme.example/license"])
      expect(data(updateMetadata("", { ...other, license_name: "acme-license", license_link: link }))).toMatchObject({
        license_link: link,
      });
  });

  it("refuses values the Hub would reject, before reading the card", () => {
    const bad: CardMetadataUpdate[] = [
      { ...base, base_model: ["hf:acme/base-3b"] },
      { ...base, base_model: ["acme/base-3b@main"] },
      { ...base, datasets: ["https://example.org/data.tar"] },
      { ...base, license: "Apache 2.0" },
      { ...base, license_name: "x" },
      { ...base, license: "other", license_link: "a\nb: c" },
      { ...base, attribution: { ...attribution, entry: 5 } },
    ];
    for (const update of bad)
      expect(() => updateMetadata("", update), JSON.stringify(update)).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
  });
});
