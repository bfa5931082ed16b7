import { type NoteSigner, signNote, signNoteWith } from "../note/sign-note.js";
import type { Signer } from "../signer.js";
import { type Checkpoint, formatCheckpointBody } from "./checkpoint.js";

/** The full signed note for `.attribution/checkpoint`: body, blank line, the log's signature line. */
export function signCheckpoint(cp: Checkpoint, signer: NoteSigner): string {
  return signNote(formatCheckpointBody(cp), signer);
}

/** The same, through a `Signer`: how the log writer signs, whatever holds the key. */
export function signCheckpointWith(cp: Checkpoint, name: string, signer: Signer): Promise<string> {
  return signNoteWith(formatCheckpointBody(cp), name, signer);
}
