/**
 * Text from a ledger or a pull request goes into comments and job summaries that GitHub renders as HTML. Every value
 * passes through `md`: no raw HTML (a forged marker or image), no table breakouts, no @mentions that would notify
 * people, one line, bounded length.
 */
export function md(text: string | number, max = 200): string {
  const value = String(text);
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return (
    cut
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/\|/g, "\\|")
      .replace(/`/g, "'")
      // Only an @ that starts a word mentions someone; e-mail addresses and ID@VERSION stay readable.
      .replace(/(^|[^A-Za-z0-9._%+-])@/g, "$1@&#8203;")
      .replace(/[\r\n\u2028\u2029]+/g, " ")
  );
}

/** A markdown table; every cell must already be escaped with `md`. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export function formatCount(count: number): string {
  return count.toLocaleString("en-US");
}
