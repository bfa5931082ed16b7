import { z } from "zod";
import { WebUrl } from "./terms/schema.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * A file of the model's repository, as the Hub's `license_link` takes it ("LICENSE", "LICENSE.md": the Hub links it
 * below the repository's files, hub-docs modelcard.md). The Hub pastes it into a URL, so it must stay inside the
 * repository: no `..` or `.` segment, no leading `/`, no backslash (a separator on Windows), no `:` (a scheme or a
 * drive), no `%` (`%2e%2e` is `..` to a URL parser), no `?` or `#`, and no control character (a forged second line).
 */
export function isRepositoryFile(text: string): boolean {
  if (text.length === 0 || text.length > 500 || text !== text.trim() || CONTROL.test(text) || /[\\:%?#]/.test(text)) return false;
  return text.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");
}

/**
 * Whether a license link is a web page. Checked as written: the URL parser would drop a tab or newline and zod trims,
 * but the text is what lands in the ledger and on the card.
 */
export function isWebLink(text: string): boolean {
  return text === text.trim() && !CONTROL.test(text) && WebUrl.safeParse(text).success;
}

/** Where a license's text is: an http(s) URL, or a file of the repository the card belongs to. */
export const LicenseLink = z
  .string()
  .max(2000)
  .refine(
    (text) => (/^https?:/i.test(text) ? isWebLink(text) : isRepositoryFile(text)),
    "a license link is an http(s) URL, or a file of the repository such as LICENSE or docs/LICENSE.md (no .., no leading /)",
  )
  .meta({ description: "An http(s) URL, or a file of the repository such as LICENSE (the Hub's license_link)." });
