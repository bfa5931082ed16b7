import { ShouldersError } from "@shoulders/ledger";
import { detectEol, type Eol } from "./detect-eol.js";

export type SplitCard = {
  /** The YAML between the fences, each line with its line ending; undefined when the card has no front matter. */
  frontMatter: string | undefined;
  /** Everything after the closing fence's line, or the whole card (without BOM) when there is no front matter. */
  body: string;
  eol: Eol;
  bom: boolean;
};

const BOM = "\uFEFF";

/**
 * Splits a model card into its YAML front matter and its markdown body.
 *
 * The fences must be lines that are exactly `---`, as the Hub's own parser (huggingface_hub `REGEX_YAML_BLOCK`)
 * requires. Then `bom + "---" + eol + frontMatter + "---" + eol + body` gives the input back (unless the closing fence
 * ends the file or has another line ending than the first line), so a card is reassembled from its parts unchanged.
 */
export function splitCard(text: string): SplitCard {
  const bom = text.startsWith(BOM);
  const rest = bom ? text.slice(BOM.length) : text;
  const eol = detectEol(rest);
  const lines = rest.split(/(?<=\n)/);
  if (lines[0] === undefined || !isFence(lines[0])) {
    // The Hub also reads front matter after leading blank lines. Adding a second block on top would leave two, so
    // refuse instead of guessing which one counts.
    if (/^\s*---[ \t]*\r?\n/.test(rest)) throw invalid("its front matter must start on the first line with exactly ---");
    return { frontMatter: undefined, body: rest, eol, bom };
  }
  let offset = lines[0].length;
  for (const line of lines.slice(1)) {
    if (isFence(line)) {
      return { frontMatter: rest.slice(lines[0].length, offset), body: rest.slice(offset + line.length), eol, bom };
    }
    offset += line.length;
  }
  throw invalid("its front matter starts with --- but never closes");
}

function isFence(line: string): boolean {
  return /^---(\r?\n)?$/.test(line);
}

function invalid(reason: string): ShouldersError {
  return new ShouldersError("CARD_INVALID", `model card: ${reason}`);
}
