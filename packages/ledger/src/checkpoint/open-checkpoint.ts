/**
 * Reads `.attribution/checkpoint`: verify the note against the pinned root, then parse the body. The order
 * matters: nothing in the text is looked at before a trusted signature covers it (signed-note: "The text MUST be
 * ignored unless the note is signed by a trusted key"). This file must not import signing code.
 */
import { equalBytes } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import type { VerifierKey } from "../note/verifier-key.js";
import { verifyNote } from "../note/verify-note.js";
import type { Trust } from "../trust/trust-file.js";
import { type Checkpoint, parseCheckpointBody } from "./checkpoint.js";

export type CheckpointTrust = Pick<Trust, "origin" | "verifierKeys" | "retiredKeys">;

export function openCheckpoint(note: string | Uint8Array, trust: CheckpointTrust): Checkpoint & { verifiedBy: string[] } {
  const retired = trust.retiredKeys ?? [];
  const { text, verifiedBy, verifiedKeys } = verifyNote(note, [...trust.verifierKeys, ...retired.map((r) => r.key)]);
  const checkpoint = parseCheckpointBody(text);
  // A log key may sign for several logs; the origin says which log this head belongs to (docs/format.md, "Checkpoint").
  if (checkpoint.origin !== trust.origin) {
    throw new ShouldersError(
      "ORIGIN_MISMATCH",
      `checkpoint origin ${JSON.stringify(checkpoint.origin)} is not the trusted origin ${JSON.stringify(trust.origin)}`,
    );
  }
  // A retired key vouches for heads up to its rotation only: a leaked old key cannot sign a longer (forked) log.
  const current = (key: VerifierKey) => trust.verifierKeys.includes(key);
  const inTime = (key: VerifierKey) => retired.some((r) => equalBytes(r.key.publicKey, key.publicKey) && checkpoint.size <= r.retiredAt);
  if (!verifiedKeys.some((key) => current(key) || inTime(key))) {
    const at = retired.filter((r) => verifiedKeys.includes(r.key)).map((r) => r.retiredAt);
    throw new ShouldersError(
      "CHECKPOINT_SIGNATURE_INVALID",
      `the checkpoint of ${checkpoint.size} entries is signed only by a log key rotated out at entry ${Math.min(...at)}; a rotated-out key signs no checkpoint beyond its rotation`,
    );
  }
  return { ...checkpoint, verifiedBy };
}
