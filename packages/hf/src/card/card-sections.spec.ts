import { describe, expect, it } from "vitest";
import { upsertSection } from "./card-sections.js";

const lineage = "```mermaid\ngraph TD\n  a --> b\n```";
const section = [
  "<!-- shoulders:begin lineage -->",
  "## Lineage",
  "",
  "```mermaid",
  "graph TD",
  "  a --> b",
  "```",
  "",
  "<!-- shoulders:end lineage -->",
  "",
].join("\n");

describe("upsertSection", () => {
  it("appends the section after one blank line, whatever the body ends with", () => {
    expect(upsertSection("# M\n", "lineage", "Lineage", lineage)).toBe(`# M\n\n${section}`);
    expect(upsertSection("# M", "lineage", "Lineage", lineage)).toBe(`# M\n\n${section}`);
    expect(upsertSection("# M\n\n", "lineage", "Lineage", lineage)).toBe(`# M\n\n${section}`);
    expect(upsertSection("", "lineage", "Lineage", lineage)).toBe(section);
    expect(upsertSection("\n", "lineage", "Lineage", lineage)).toBe(`\n${section}`);
  });

  it("replaces only what lies between the markers", () => {
    const body = `# M\n\nIntro.\n\n<!-- shoulders:begin lineage -->\n## Lineage\n\nold graph\n<!-- shoulders:end lineage -->\n\n## Hand-written\n`;
    expect(upsertSection(body, "lineage", "Lineage", lineage)).toBe(`# M\n\nIntro.\n\n${section}\n## Hand-written\n`);
  });

  it("gives the same body back when the section is already current, and on a second run", () => {
    const once = upsertSection("# M\n", "lineage", "Lineage", lineage);
    expect(upsertSection(once, "lineage", "Lineage", lineage)).toBe(once);
    const atEnd = `# M\n\n${section.slice(0, -1)}`;
    expect(upsertSection(atEnd, "lineage", "Lineage", lineage)).toBe(atEnd);
  });

  it("writes the section with the body's CRLF line endings, whatever the content uses", () => {
    const body = "# M\r\n\r\nIntro.\r\n";
    const result = upsertSection(body, "lineage", "Lineage", lineage);
    expect(result).toBe(`${body}\r\n${section.replaceAll("\n", "\r\n")}`);
    expect(upsertSection(result, "lineage", "Lineage", lineage.replaceAll("\n", "\r\n"))).toBe(result);
  });

  it("leaves another key's section alone", () => {
    const other = upsertSection("# M\n", "license-at-a-glance", "License at a glance", "| a | b |\n|--|--|\n| mit | x |");
    const both = upsertSection(other, "lineage", "Lineage", lineage);
    expect(both.startsWith(other)).toBe(true);
    expect(upsertSection(both, "license-at-a-glance", "License at a glance", "| a | b |\n|--|--|\n| mit | x |")).toBe(both);
  });

  it("refuses markers it would have to guess about", () => {
    const begin = "<!-- shoulders:begin lineage -->";
    const end = "<!-- shoulders:end lineage -->";
    const bodies = {
      "begin without end": `# M\n${begin}\n## Lineage\n`,
      "end without begin": `# M\n${end}\n`,
      "end before begin": `${end}\n${begin}\n`,
      "duplicated section": `${begin}\n${end}\n${begin}\n${end}\n`,
      "two begins": `${begin}\n${begin}\n${end}\n`,
      "interleaved with another section": `${begin}\n<!-- shoulders:begin license-at-a-glance -->\n${end}\n<!-- shoulders:end license-at-a-glance -->\n`,
      "nested in another section": `<!-- shoulders:begin license-at-a-glance -->\n${begin}\n${end}\n<!-- shoulders:end license-at-a-glance -->\n`,
      "malformed marker": `${begin}\n<!-- shoulders:end lineage-->\n`,
    };
    for (const [name, body] of Object.entries(bodies)) {
      expect(() => upsertSection(body, "lineage", "Lineage", lineage), name).toThrow(expect.objectContaining({ code: "CARD_INVALID" }));
    }
  });

  it("refuses content that carries a marker, which would break the next run", () => {
    expect(() => upsertSection("", "lineage", "Lineage", "<!-- shoulders:end lineage -->")).toThrow(
      expect.objectContaining({ code: "BAD_ARGUMENT" }),
    );
  });
});
