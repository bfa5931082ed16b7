/**
 * Text from a ledger or a pull request goes into comments and job summaries that GitHub renders as HTML. Every value
 * passes through `md`: no raw HTML (a forged marker or image), no links, no table breakouts, nothing that notifies
 * people or cross-references issues, one line, bounded length. What the reader sees is the text as written.
 */
export function md(text: string | number, max = 200): string {
  const value = String(text);
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return (
    cut
      .replace(/&/g, "&amp;")
      // A backslash would escape what follows it (`\[`, `\:`), so it is shown, never obeyed.
      .replace(/[\\[\]|]/g, "\\$&")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/`/g, "'")
      .replace(LINK_TRIGGERS, `$&${ZERO_WIDTH_SPACE}`)
      .replace(/[\r\n\u2028\u2029]+/g, " ")
  );
}

const ZERO_WIDTH_SPACE = "&#8203;";

/**
 * Where GitHub turns plain text into a link or a notification, an invisible zero-width space goes right after the
 * character it keys on, so the pattern no longer matches and the text reads the same:
 * - every `@`: @user and @org/team mentions (GitHub matches them after any non-word character: `-@a`, `.@a`, `+@a`),
 *   e-mail autolinks and `mailto:`/`xmpp:` (GFM 0.29 §6.9), and owner/repo@sha commit references;
 * - `www.` and `://`: GFM's extended www and URL autolinks (http, https, ftp, in any case);
 * - `#` and `GH-` before a digit: issue references, which also put a "mentioned this" event into the issue named,
 *   in this repository or (owner/repo#1) any other.
 * One pass, so the entity inserted (which holds `#8`) is never rewritten itself.
 */
const LINK_TRIGGERS = /@|:(?=\/\/)|www(?=\.)|#(?=\d)|gh-(?=\d)/gi;

/** A markdown table; every cell must already be escaped with `md`. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export function formatCount(count: number): string {
  return count.toLocaleString("en-US");
}
