import type { AttributionIndex, Release } from "../attribution-index.js";
import type { SplitMoment } from "./policy-in-force.js";

/**
 * The release of ledger model `id` that a receipt's revenue flows through (docs/revenue-split.md, "Policies in time"):
 * the latest one recorded at an entry below the receipt's, or with "latest" the latest of all; undefined when none was
 * recorded by then. A release recorded after November's receipt (a new run, another trainer) must not re-split
 * November's revenue, as a later policy must not: the lineage a receipt pays is the one the log held when it was
 * reported, and the log's order is the one thing nobody can rewrite.
 */
export function releaseInForce(index: AttributionIndex, id: string, moment: SplitMoment): Release | undefined {
  const releases = index.releases.get(id);
  if (releases === undefined || moment === "latest") return releases?.at(-1);
  // Releases are in log order: find the first at or after the receipt's entry, by bisection (a model may have many).
  let low = 0;
  let high = releases.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((releases[middle] as Release).index < moment.entry) low = middle + 1;
    else high = middle;
  }
  return releases[low - 1];
}
