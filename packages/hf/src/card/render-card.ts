import { type CardMetadataUpdate, updateMetadata } from "./card-metadata.js";
import { upsertSection } from "./card-sections.js";
import { splitCard } from "./split-card.js";

export type CardUpdate = {
  metadata: CardMetadataUpdate;
  /** Markdown for the two sections the renderer owns: a license table, and the lineage with a mermaid graph. */
  sections: { licenseAtAGlance: string; lineage: string };
};

/**
 * Renders the shoulders metadata and sections into a model card. Pure, string in and string out: the caller reads
 * the file and writes it back only when `changed`, so a card that fails here (CARD_INVALID) is never overwritten, and
 * a card that is already up to date comes back as the same string.
 */
export function renderCard(text: string, update: CardUpdate): { text: string; changed: boolean } {
  const card = splitCard(text);
  const frontMatter = updateMetadata(card.frontMatter, update.metadata, card.eol);
  let body = upsertSection(card.body, "license-at-a-glance", "License at a glance", update.sections.licenseAtAGlance, card.eol);
  body = upsertSection(body, "lineage", "Lineage", update.sections.lineage, card.eol);
  const rendered = `${card.bom ? "\uFEFF" : ""}---${card.eol}${frontMatter}---${card.eol}${body}`;
  // Compare rather than trust the parts: reassembly normalises a closing fence that ends the file or uses another line
  // ending than the first line, and that must not count as a change on its own.
  return rendered === text ? { text, changed: false } : { text: rendered, changed: true };
}
