/**
 * Reads `.attribution/checkpoint`: verify the note against the pinned root, then parse the body. The order
 * matters: nothing in the text is looked at before a trusted signature covers it (signed-note: "The text MUST be
 * ignored unless the note is signed by a trusted key"). This file must not import signing code.
 */
import { ShouldersError } from "../errors.js";
import type { VerifierKey } from "../note/verifier-key.js";
import { verifyNote } from "../note/verify-note.js";
import { type Checkpoint, parseCheckpointBody } from "./checkpoint.js";

export type CheckpointTrust = { readonly origin: string; readonly verifierKeys: readonly VerifierKey[] };

export function openCheckpoint(note: string | Uint8Array, trust: CheckpointTrust): Checkpoint & { verifiedBy: string[] } {
  const { text, verifiedBy } = verifyNote(note, trust.verifierKeys);
  const checkpoint = parseCheckpointBody(text);
  // A log key may sign for several logs; the origin says which log this head belongs to (SPEC "Checkpoint").
  if (checkpoint.origin !== trust.origin) {
    throw new ShouldersError(
      "ORIGIN_MISMATCH",
      `checkpoint origin ${JSON.stringify(checkpoint.origin)} is not the trusted origin ${JSON.stringify(trust.origin)}`,
    );
  }
  return { ...checkpoint, verifiedBy };
}
