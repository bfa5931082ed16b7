import { type NoteSigner, signNote } from "../note/sign-note.js";
import { type Checkpoint, formatCheckpointBody } from "./checkpoint.js";

/** The full signed note for `.attribution/checkpoint`: body, blank line, the log's signature line. */
export function signCheckpoint(cp: Checkpoint, signer: NoteSigner): string {
  return signNote(formatCheckpointBody(cp), signer);
}
