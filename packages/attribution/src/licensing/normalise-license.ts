import { ShouldersError } from "@shoulders/ledger";
import { parseLicense } from "@shoulders/license";

/**
 * The standard spelling of a license given on the command line: its SPDX expression when it has one, else its
 * Hugging Face Hub id. Garbage is refused with suggestions. `other` needs a name and a link (a URL, or a file of the
 * repository such as LICENSE), which only `shoulders record license` can carry.
 */
export function normaliseLicense(text: string): string {
  const info = parseLicense(text);
  if (info.kind === "other") {
    throw new ShouldersError(
      "BAD_ARGUMENT",
      `"${text}" names no license; for a license outside the Hub's list use \`shoulders record license ARTIFACT --license other --name NAME --link URL\` (the link may be a file of the repository, such as LICENSE)`,
    );
  }
  return info.spdx ?? info.hubId ?? info.input;
}
