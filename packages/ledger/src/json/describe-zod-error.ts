/**
 * Turns a zod error into the one-line message of a ShouldersError. The path and zod's text can carry attacker
 * strings (an unknown member name, say), so control and line-separator characters are escaped and the line is cut
 * short: a log line must not be able to forge extra lines of CLI output.
 */
import type { z } from "zod";

const MAX_MESSAGE = 200;

export function describeZodError(error: z.ZodError, what: string): string {
  const issue = error.issues[0];
  if (issue === undefined) return `${what} is invalid`;
  const path = formatPath(issue.path);
  const text = `${what}${path === "" ? "" : ` ${path}`}: ${issue.message}`;
  return oneLine(text);
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
  const escaped = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return escaped.length > MAX_MESSAGE ? `${escaped.slice(0, MAX_MESSAGE)}…` : escaped;
}
