import { parseFrontMatter } from "./parse-front-matter.js";
import { splitCard } from "./split-card.js";

/**
 * A card's front matter as plain data, for reading a Hub model's `license` and `base_model` chain. The card comes
 * from the network, so the same limits apply as for our own cards: YAML errors, duplicate keys and alias bombs are
 * CARD_INVALID, and a card without front matter has no metadata.
 */
export function readCardMetadata(text: string): Record<string, unknown> {
  const { frontMatter } = splitCard(text);
  return frontMatter === undefined ? {} : parseFrontMatter(frontMatter).data;
}
