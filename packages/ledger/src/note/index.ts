export { appendNoteSignature, type NoteSigner, noteSignatureLine, signNote } from "./sign-note.js";
export { formatVerifierKey, isValidKeyName, noteKeyHash, parseVerifierKey, type VerifierKey } from "./verifier-key.js";
export { MAX_NOTE_SIGNATURES, type NoteSignature, type ParsedNote, parseNote, verifyNote } from "./verify-note.js";
