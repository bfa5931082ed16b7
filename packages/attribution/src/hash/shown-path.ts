// Control characters (C0, DEL, C1) and the Unicode line separators: shown raw, they would break a report's line,
// forge another line (a fake "::error::" workflow command, a fake note) or drive the reader's terminal.
const UNSAFE = /[\p{Cc}\u2028\u2029]/gu;

/**
 * A path as shown to people: unchanged when it is plain, else quoted with JSON escapes, as git quotes such names
 * (core.quotePath), so a report that names it stays one line. A path that starts with a quote is quoted too, so the
 * two spellings can never be confused.
 */
export function shownPath(path: string): string {
  if (!path.startsWith('"') && path.search(UNSAFE) < 0) return path;
  // JSON.stringify escapes C0 controls but leaves DEL, C1 and U+2028/9 as they are.
  return JSON.stringify(path).replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
