export type Eol = "\n" | "\r\n";

/**
 * The line ending a card is written with, taken from its first line break. Lines we add use it, so that a CRLF card
 * (common for cards edited on Windows) does not end up with mixed endings that show as noise in every diff.
 */
export function detectEol(text: string): Eol {
  const lf = text.indexOf("\n");
  return lf > 0 && text[lf - 1] === "\r" ? "\r\n" : "\n";
}
