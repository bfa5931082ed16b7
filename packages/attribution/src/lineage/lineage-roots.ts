import type { AttributionIndex } from "../attribution-index.js";
import { readModelRef } from "../record/model-ref.js";

/**
 * The artifacts a lineage request names: the ID itself, or, when it is the repository the ledger belongs to
 * (acme/sentiment for github.com/acme/sentiment/attribution) and no artifact has that name, every model released in
 * the ledger, sorted. An artifact of that name, or a kind prefix (model:, run:, dataset:), always wins.
 */
export function lineageRoots(index: AttributionIndex, id: string, origin: string): string[] {
  const ref = readModelRef(id);
  const known =
    index.releases.has(id) ||
    index.runs.has(id) ||
    (ref?.kind === "ledger" && index.datasets.has(ref.id)) ||
    /^(model|run|dataset):/.test(id);
  const repository = /^[^/]+\/([^/]+\/[^/]+)\/attribution$/.exec(origin)?.[1];
  if (known || repository?.toLowerCase() !== id.toLowerCase() || index.releases.size === 0) return [id];
  return [...index.releases.keys()].sort();
}
