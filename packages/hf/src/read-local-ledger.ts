import { type Attribution, readAttribution } from "@shoulders/attribution";
import { ShouldersError } from "@shoulders/ledger";

/** What a ledger on the Hub that ours does not extend fails with. */
const NOT_EXTENDED = ["NOT_APPEND_ONLY", "ORIGIN_MISMATCH", "CHECKPOINT_MALFORMED", "CHECKPOINT_SIGNATURE_INVALID", "NOTE_MALFORMED"];

/**
 * The local ledger, verified. When the repository already holds a ledger, its checkpoint is the trusted one: ours
 * must extend it (RFC 9162 consistency), so an upload from a stale clone or another ledger never rewrites the
 * history the Hub shows.
 */
export function readLocalLedger(dir: string, hubCheckpoint: Buffer | null, repo: string): Attribution {
  try {
    return readAttribution({ dir, ...(hubCheckpoint === null ? {} : { trustedCheckpoint: hubCheckpoint }) });
  } catch (error) {
    if (hubCheckpoint !== null && error instanceof ShouldersError && NOT_EXTENDED.includes(error.code)) {
      throw new ShouldersError(
        error.code,
        `the ledger ${repo} already holds on the Hub is not an earlier state of yours (${error.message}); bring your ledger up to date first. Nothing was uploaded`,
        { cause: error },
      );
    }
    throw error;
  }
}
