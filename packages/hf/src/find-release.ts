import type { AttributionIndex, Release } from "@shoulders/attribution";
import { ShouldersError } from "@shoulders/ledger";
import { readCardMetadata } from "./card/read-card-metadata.js";
import type { ReleaseSource } from "./release-verdict.js";

/** What a model card's `attribution` block pins: the ledger, and the release's entry in it (release-card.ts). */
export type CardPin = { origin: string; entry: number; artifact: string };

/** The attribution block of a card, if it has one; a card without one pins nothing. */
export function cardPin(card: string | undefined): CardPin | undefined {
  if (card === undefined) return undefined;
  const block = readCardMetadata(card).attribution as Partial<CardPin> | undefined;
  if (typeof block !== "object" || block === null) return undefined;
  const { origin, entry, artifact } = block;
  if (typeof origin !== "string" || typeof artifact !== "string" || !Number.isSafeInteger(entry)) {
    throw new ShouldersError("CARD_INVALID", "the model card's attribution block needs origin, entry and artifact");
  }
  return { origin, entry: entry as number, artifact };
}

/**
 * The release a copy of a model holds: the one named (`--release`), else the one its model card pins by entry, else
 * the latest of `fallbackId`, else the latest one whose signed files are exactly the folder's. A card that pins a release this ledger does not hold is an error: the
 * card and the ledger disagree, and the copy cannot be trusted to be what its card says.
 */
export async function findRelease(
  index: AttributionIndex,
  origin: string,
  sources: {
    releaseId?: string;
    card?: string;
    /** Where no card pins one: the latest release of this id (a Hub repository's own name). */
    fallbackId?: string;
    /**
     * The folder's files, to find a release that holds exactly them: the counts and bytes it could be signed with
     * (with and without the files the Hub manages), and a check of one release, asked only of those that fit, so a
     * folder that holds no release is not hashed.
     */
    files?: { fits: (count: number, bytes: number) => boolean; matches: (release: Release) => Promise<boolean> };
  },
): Promise<{ release: Release; foundBy: ReleaseSource } | undefined> {
  if (sources.releaseId !== undefined) return { release: index.release(sources.releaseId), foundBy: "release id" };
  const pin = cardPin(sources.card);
  if (pin !== undefined) {
    if (pin.origin !== origin) {
      throw new ShouldersError(
        "CARD_INVALID",
        `the model card pins the ledger ${pin.origin}, but the ledger here is ${origin}: the card and the ledger do not belong together`,
      );
    }
    const release = index.releases.get(pin.artifact)?.find((candidate) => candidate.index === pin.entry);
    if (release === undefined) {
      throw new ShouldersError(
        "UNKNOWN_ARTIFACT",
        `the model card pins release ${pin.artifact} at entry ${pin.entry}, which this ledger does not hold`,
      );
    }
    return { release, foundBy: "model card" };
  }
  if (sources.fallbackId !== undefined) {
    const release = index.releases.get(sources.fallbackId)?.at(-1);
    if (release !== undefined) return { release, foundBy: "repository name" };
  }
  const files = sources.files;
  if (files === undefined) return undefined;
  const candidates = [...index.releases.values()]
    .flat()
    .filter((release) => files.fits(release.predicate.files, release.predicate.bytes))
    // The latest first: a re-release of the same files says the newest thing about them.
    .sort((a, b) => b.index - a.index);
  for (const release of candidates) if (await files.matches(release)) return { release, foundBy: "manifest" };
  return undefined;
}
