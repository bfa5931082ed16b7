import { describe, expect, it } from "vitest";
import { splitCard } from "./split-card.js";

const reassemble = ({ frontMatter, body, eol, bom }: ReturnType<typeof splitCard>) =>
  `${bom ? "\uFEFF" : ""}${frontMatter === undefined ? "" : `---${eol}${frontMatter}---${eol}`}${body}`;

describe("splitCard", () => {
  it("splits front matter from body and gives the card back when reassembled", () => {
    const card = "---\nlicense: mit\ntags:\n- a\n---\n\n# Model\n";
    const split = splitCard(card);
    expect(split).toEqual({ frontMatter: "license: mit\ntags:\n- a\n", body: "\n# Model\n", eol: "\n", bom: false });
    expect(reassemble(split)).toBe(card);
  });

  it("keeps CRLF line endings and a UTF-8 BOM", () => {
    const card = "\uFEFF---\r\nlicense: mit\r\n---\r\n# Model\r\n";
    const split = splitCard(card);
    expect(split).toEqual({ frontMatter: "license: mit\r\n", body: "# Model\r\n", eol: "\r\n", bom: true });
    expect(reassemble(split)).toBe(card);
  });

  it("reads a card without front matter as all body, even with a markdown rule later on", () => {
    const card = "# Model\n\n---\n\nMore text.\n";
    expect(splitCard(card)).toEqual({ frontMatter: undefined, body: card, eol: "\n", bom: false });
    expect(splitCard("")).toEqual({ frontMatter: undefined, body: "", eol: "\n", bom: false });
    expect(splitCard("\uFEFF# Model\r\n")).toEqual({ frontMatter: undefined, body: "# Model\r\n", eol: "\r\n", bom: true });
  });

  it("accepts an empty front matter and a closing fence at the end of the file", () => {
    expect(splitCard("---\n---\n# M\n")).toMatchObject({ frontMatter: "", body: "# M\n" });
    expect(splitCard("---\nlicense: mit\n---")).toMatchObject({ frontMatter: "license: mit\n", body: "" });
  });

  it("refuses a front matter that never closes", () => {
    for (const card of ["---\nlicense: mit\n", "---", "---\nlicense: mit\n--- \n# M\n", "---\nlicense: mit\n----\n"]) {
      expect(() => splitCard(card), JSON.stringify(card)).toThrow(expect.objectContaining({ code: "CARD_INVALID" }));
    }
  });

  it("refuses front matter that does not start on the first line, rather than adding a second block above it", () => {
    for (const card of ["\n---\nlicense: mit\n---\n", "  ---\nlicense: mit\n---\n", "--- \nlicense: mit\n---\n"]) {
      expect(() => splitCard(card), JSON.stringify(card)).toThrow(expect.objectContaining({ code: "CARD_INVALID" }));
    }
  });
});
