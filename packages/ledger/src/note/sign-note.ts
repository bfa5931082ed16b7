/**
 * C2SP signed-note (https://c2sp.org/signed-note), write side. Kept apart from verify-note.ts so that verifiers
 * never load signing code.
 */
import { concatBytes, toBase64, utf8 } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { publicKeyFromSecret } from "../keys/generate-key.js";
import { signEd25519 } from "../keys/sign.js";
import type { Signer } from "../signer.js";
import { isValidKeyName, noteKeyHash } from "./verifier-key.js";
import { parseNote } from "./verify-note.js";

export type NoteSigner = {
  /** The key name of the verifier key, e.g. the log's origin. */
  readonly name: string;
  /** The 32-byte Ed25519 seed. */
  readonly seed: Uint8Array;
};

const LINE_PREFIX = "\u2014 "; // U+2014 EM DASH, then a space

/** `— <name> <base64(key hash ‖ Ed25519 signature over the text)>\n` for a text that ends in a newline. */
export function noteSignatureLine(text: string, signer: NoteSigner): string {
  assertKeyName(signer.name);
  return signatureLine(signer.name, publicKeyFromSecret(signer.seed), signEd25519(signer.seed, utf8(text)));
}

/**
 * Signs `text` and returns the note: text, blank line, one signature line. The result is parsed back before it
 * is returned, so we never write a note that a verifier (ours or Go's) would refuse as malformed.
 */
export function signNote(text: string, signer: NoteSigner): string {
  assertNoteText(text);
  return roundTripped(text, `${text}\n${noteSignatureLine(text, signer)}`);
}

/** The same note, signed through a `Signer` (a key in memory, a hardware key, a remote signer) under `name`. */
export async function signNoteWith(text: string, name: string, signer: Signer): Promise<string> {
  assertNoteText(text);
  assertKeyName(name);
  const line = signatureLine(name, signer.publicKey, await signer.sign(utf8(text)));
  return roundTripped(text, `${text}\n${line}`);
}

function signatureLine(name: string, publicKey: Uint8Array, signature: Uint8Array): string {
  return `${LINE_PREFIX}${name} ${toBase64(concatBytes(noteKeyHash(name, publicKey), signature))}\n`;
}

function assertKeyName(name: string): void {
  if (!isValidKeyName(name)) throw new ShouldersError("BAD_ARGUMENT", "the signer's key name must be non-empty, without spaces or '+'");
}

function assertNoteText(text: string): void {
  if (typeof text !== "string" || !text.endsWith("\n")) throw new ShouldersError("NOTE_MALFORMED", "the note text must end with a newline");
}

function roundTripped(text: string, note: string): string {
  if (parseNote(note).text !== text) throw new ShouldersError("NOTE_MALFORMED", "the note text does not round-trip");
  return note;
}

/** Adds a signature line (a cosignature, a second log key) after the existing ones. Writers put the log's first. */
export function appendNoteSignature(note: string, line: string): string {
  const before = parseNote(note);
  const after = parseNote(note + line);
  if (after.text !== before.text || after.signatures.length !== before.signatures.length + 1) {
    throw new ShouldersError("NOTE_MALFORMED", "not a single signature line ending in a newline");
  }
  return note + line;
}
