import { ShouldersError } from "@shoulders/ledger";
import { detectEol, type Eol } from "./detect-eol.js";

export type SectionKey = "license-at-a-glance" | "lineage";

const beginMarker = (key: string) => `<!-- shoulders:begin ${key} -->`;
const endMarker = (key: string) => `<!-- shoulders:end ${key} -->`;
const MARKER = /^[ \t]*<!-- shoulders:/;

/**
 * Puts a generated section into a card's markdown body, between `<!-- shoulders:begin KEY -->` and
 * `<!-- shoulders:end KEY -->` lines, so that the next run finds and replaces it and never touches the hand-written
 * text around it. Without markers the section is appended after one blank line.
 *
 * `heading` is rendered as `## heading`. `content` is markdown and goes in as it is, with its line endings changed to
 * the card's.
 */
export function upsertSection(body: string, key: SectionKey, heading: string, content: string, eol: Eol = detectEol(body)): string {
  if (/[\r\n]/.test(heading)) throw new ShouldersError("BAD_ARGUMENT", "a card section heading must be one line");
  // A marker inside the content would make the next run see two sections and refuse the card.
  if (content.split("\n").some((line) => MARKER.test(line))) {
    throw new ShouldersError("BAD_ARGUMENT", "card section content must not contain shoulders markers");
  }
  const lines = body.split(/(?<=\n)/);
  const span = sectionLines(lines).get(key);
  const section = render(key, heading, content, eol);
  if (span === undefined) {
    if (body === "" || body === eol || body.endsWith(eol + eol)) return body + section;
    return body + (body.endsWith("\n") ? eol : eol + eol) + section;
  }
  const [begin, end] = span;
  const before = lines.slice(0, begin).join("");
  const endLine = lines[end] ?? "";
  // An end marker on the file's last line without a line break stays that way, so an unchanged card stays unchanged.
  const replacement = endLine.endsWith("\n") ? section : section.slice(0, -eol.length);
  return before + replacement + lines.slice(end + 1).join("");
}

/**
 * The begin and end line of every shoulders section in the body. The markers of the whole body must pair up, one
 * section per key, none inside another: with a stray, duplicated or nested marker any replacement is a guess that
 * could delete hand-written text, so the card is refused instead.
 */
function sectionLines(lines: string[]): Map<string, [begin: number, end: number]> {
  const sections = new Map<string, [number, number]>();
  let open: { key: string; line: number } | undefined;
  lines.forEach((line, index) => {
    if (!MARKER.test(line)) return;
    const marker = /^<!-- shoulders:(begin|end) ([a-z0-9-]+) -->$/.exec(line.trim());
    if (!marker) throw invalid(`line ${index + 1} is a malformed shoulders marker`);
    const [, kind, key = ""] = marker;
    if (kind === "begin") {
      if (open) throw invalid(`the ${key} section begins inside the ${open.key} section`);
      if (sections.has(key)) throw invalid(`the ${key} section appears twice`);
      open = { key, line: index };
    } else {
      if (open?.key !== key) throw invalid(`the ${key} section ends at line ${index + 1} without its begin marker`);
      sections.set(key, [open.line, index]);
      open = undefined;
    }
  });
  if (open) throw invalid(`the ${open.key} section has no end marker`);
  return sections;
}

function render(key: SectionKey, heading: string, content: string, eol: Eol): string {
  const text = content.replace(/\r\n/g, "\n").replace(/\n+$/, "");
  // The blank line before the end marker ends a table or list, so the marker never reads as part of it.
  const lines = [beginMarker(key), `## ${heading}`, ...(text === "" ? [] : ["", ...text.split("\n")]), "", endMarker(key)];
  return lines.join(eol) + eol;
}

function invalid(reason: string): ShouldersError {
  return new ShouldersError("CARD_INVALID", `model card: ${reason}`);
}
