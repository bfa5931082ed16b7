import { readAttribution } from "@shoulders/attribution";
import { layoutOf, readCheckpoint, readTrust, toBase64 } from "@shoulders/ledger";
import { readCardFile } from "./card/read-card-file.js";
import { type CardUpdate, renderCard } from "./card/render-card.js";
import { releaseCardUpdate } from "./release-card.js";

export type RenderedReleaseCard = { text: string; changed: boolean; metadata: CardUpdate["metadata"] };

/**
 * The model card of a released model as the ledger in `ledgerDir` tells it, rendered into the card at `path` (which
 * may not exist yet): the metadata pins the checkpoint the ledger holds now, and everything the renderer does not own
 * is kept byte for byte. Nothing is written: the caller writes `text` back only when `changed`, so a card that cannot
 * be parsed is never overwritten.
 */
export function renderReleaseCard(input: { ledgerDir: string; artifact: string; path: string; shownAs?: string }): RenderedReleaseCard {
  const layout = layoutOf(input.ledgerDir);
  const trust = readTrust(layout);
  const checkpoint = readCheckpoint(layout, trust);
  const update = releaseCardUpdate(readAttribution({ dir: input.ledgerDir }).index, input.artifact, {
    origin: trust.origin,
    treeSize: checkpoint.size,
    rootHash: toBase64(checkpoint.rootHash),
  });
  const rendered = renderCard(readCardFile(input.path, input.shownAs ?? input.path) ?? "", update);
  return { ...rendered, metadata: update.metadata };
}
