/**
 * C2SP signed-note (https://c2sp.org/signed-note), read side. Parsing follows Go's golang.org/x/mod/sumdb/note
 * `Open`, the reference implementation, so that a note one of them accepts the other accepts too. This file must
 * never import signing code: a verifier holds no keys.
 */
import { decodeUtf8, equalBytes, fromBase64, toHex, utf8 } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { verifyEd25519 } from "../keys/verify-signature.js";
import { isValidKeyName, SIGNATURE_TYPE_ED25519, type VerifierKey } from "./verifier-key.js";

/** Go's note.Open refuses a note with more than 100 signature lines; signed-note requires accepting at least 16. */
export const MAX_NOTE_SIGNATURES = 100;
const KEY_HASH_LENGTH = 4;
const ED25519_SIGNATURE_LENGTH = 64;
/** signed-note "Format": no ASCII control characters other than newline (so no CR, no TAB, no NUL). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_EXCEPT_NEWLINE = /[\u0000-\u0009\u000b-\u001f]/;
/** A lone UTF-16 surrogate cannot be encoded as UTF-8, so the signed bytes would not be the text we were given. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const SIGNATURE_PREFIX = "\u2014 "; // U+2014 EM DASH, then a space

export type NoteSignature = {
  readonly name: string;
  readonly keyHash: Uint8Array;
  /** The signature bytes after the 4-byte key hash: 64 for Ed25519, 72 for a timestamped cosignature. */
  readonly signature: Uint8Array;
  /** The whole signature line, without its final newline. */
  readonly line: string;
};

export type ParsedNote = { readonly text: string; readonly signatures: NoteSignature[] };

function malformed(message: string, cause?: unknown): ShouldersError {
  return new ShouldersError("NOTE_MALFORMED", `signed note: ${message}`, { cause });
}

function parseSignatureLine(line: string): NoteSignature {
  if (!line.startsWith(SIGNATURE_PREFIX)) throw malformed("a signature line must start with an em dash and a space");
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(" ");
  const name = space < 0 ? rest : rest.slice(0, space);
  const encoded = space < 0 ? "" : rest.slice(space + 1);
  if (!isValidKeyName(name)) throw malformed("a signature line has an invalid key name");
  if (encoded === "") throw malformed(`the signature line of ${name} has no signature`);
  // Canonical base64 only (docs/format.md, RFC 4648 §4): otherwise one checkpoint would have several byte spellings.
  const bytes = fromBase64(encoded, `the signature of ${name}`, "NOTE_MALFORMED");
  if (bytes.length <= KEY_HASH_LENGTH) throw malformed(`the signature of ${name} is too short`);
  return {
    name,
    keyHash: bytes.subarray(0, KEY_HASH_LENGTH),
    signature: bytes.subarray(KEY_HASH_LENGTH),
    line,
  };
}

/**
 * Splits a note into its text and signature lines, checking only syntax. The text is every byte before the LAST
 * blank line, including its final newline: that is the signed message (signed-note "Format").
 */
export function parseNote(note: string | Uint8Array): ParsedNote {
  let content: string;
  if (note instanceof Uint8Array) content = decodeUtf8(note, "NOTE_MALFORMED");
  else if (typeof note === "string") content = note;
  else throw new ShouldersError("BAD_ARGUMENT", "a note must be a string or bytes");
  if (LONE_SURROGATE.test(content)) throw malformed("the note is not valid Unicode");
  if (content.includes("\r")) throw malformed("the note contains a carriage return (CR); lines end with LF only");
  if (CONTROL_EXCEPT_NEWLINE.test(content)) throw malformed("the note contains an ASCII control character");

  const split = content.lastIndexOf("\n\n");
  if (split < 0) throw malformed("no blank line separates the text from the signatures");
  const text = content.slice(0, split + 1);
  const block = content.slice(split + 2);
  if (block === "" || !block.endsWith("\n")) throw malformed("the signature block must end with a newline");

  const lines = block.slice(0, -1).split("\n");
  if (lines.length > MAX_NOTE_SIGNATURES) throw malformed(`more than ${MAX_NOTE_SIGNATURES} signatures`);
  return { text, signatures: lines.map(parseSignatureLine) };
}

function keyLabel(name: string, keyHash: Uint8Array): string {
  return `${name}+${toHex(keyHash)}`;
}

/** The verifier key a signature line claims, by name AND key hash (signed-note "Signatures"), if we know it. */
function knownKeyFor(signature: NoteSignature, verifierKeys: readonly VerifierKey[]): VerifierKey | undefined {
  // Only note keys (0x01) sign the text itself; a witness key's lines are cosignatures (cosignature.ts).
  const matches = verifierKeys.filter(
    (k) => k.type === SIGNATURE_TYPE_ED25519 && k.name === signature.name && equalBytes(k.keyHash, signature.keyHash),
  );
  const first = matches[0];
  // Two different keys with one name and key hash: we cannot tell which one signed (Go: "ambiguous key").
  if (matches.some((k) => !equalBytes(k.publicKey, (first as VerifierKey).publicKey))) {
    throw new ShouldersError("TRUST_INVALID", `ambiguous verifier key ${keyLabel(signature.name, signature.keyHash)}`);
  }
  return first;
}

/**
 * Verifies a signed note against trusted verifier keys (signed-note "Signatures"):
 * - lines whose name and key hash match no trusted key are ignored (other logs' keys, witness cosignatures);
 * - every line by a trusted key must verify, else the whole note is refused (CHECKPOINT_SIGNATURE_INVALID);
 * - at least one line by a trusted key must be present.
 * Returns the text and the names of the trusted keys that signed it, in note order, without repeats.
 */
export function verifyNote(
  note: string | Uint8Array,
  verifierKeys: readonly VerifierKey[],
): { text: string; verifiedBy: string[]; verifiedKeys: VerifierKey[] } {
  const { text, signatures } = parseNote(note);
  const message = utf8(text);
  const verifiedBy: string[] = [];
  const verifiedKeys: VerifierKey[] = [];
  for (const signature of signatures) {
    const key = knownKeyFor(signature, verifierKeys);
    if (key === undefined) continue;
    const ok = signature.signature.length === ED25519_SIGNATURE_LENGTH && verifyEd25519(key.publicKey, message, signature.signature);
    if (!ok) {
      throw new ShouldersError("CHECKPOINT_SIGNATURE_INVALID", `invalid signature for key ${keyLabel(signature.name, signature.keyHash)}`);
    }
    if (!verifiedBy.includes(key.name)) verifiedBy.push(key.name);
    if (!verifiedKeys.includes(key)) verifiedKeys.push(key);
  }
  if (verifiedBy.length === 0) {
    const trusted = verifierKeys.map((k) => keyLabel(k.name, k.keyHash)).join(", ") || "none";
    throw new ShouldersError("CHECKPOINT_SIGNATURE_INVALID", `the note has no signature by a trusted key (trusted: ${trusted})`);
  }
  return { text, verifiedBy, verifiedKeys };
}
