import { existsSync, realpathSync } from "node:fs";
import { ShouldersError } from "@shoulders/ledger";
import { readBoundedFile } from "@shoulders/ledger/files";

/** The largest model card read, from disk or from the Hub: real cards are tens of KiB. */
export const MAX_CARD_BYTES = 4 * 1024 * 1024;

/**
 * A local README.md, or undefined when there is none. Bounded as it is read (a 300 MB card or a FIFO is CARD_INVALID
 * or UNSAFE_PATH, never a hang) and strict UTF-8, since a lenient read would save U+FFFD over the bad bytes. A card
 * found in a folder (`within`: the folder, or a Hub cache snapshot's repository folder) is followed through a symlink
 * only to a file inside it: `hf upload` publishes the card, so a README.md linked to ~/.aws/credentials must never be
 * read; a path the user names is followed wherever it leads.
 */
export function readCardFile(path: string, shownAs = path, options: { within?: string } = {}): string | undefined {
  if (!existsSync(path)) return undefined;
  const links = options.within === undefined ? { followSymlinks: true } : { within: realpathSync(options.within) };
  const bytes = readBoundedFile(path, { maxBytes: MAX_CARD_BYTES, what: shownAs, tooLarge: "CARD_INVALID", ...links });
  return decodeCard(bytes, shownAs);
}

/** A card is text: invalid UTF-8 would be replaced silently by U+FFFD and the card rewritten with the damage. */
export function decodeCard(bytes: Uint8Array, where: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (cause) {
    throw new ShouldersError("CARD_INVALID", `${where} is not UTF-8 text`, { cause });
  }
}
