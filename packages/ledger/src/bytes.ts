/**
 * Byte helpers with guards at the edge, in the style of noble-hashes `utils.ts`: every function that takes bytes
 * checks it got bytes of the right length, so a wrong input fails here with a coded error and not deep inside.
 */
import { type ErrorCode, ShouldersError } from "./errors.js";

const utf8Encoder = new TextEncoder();
const strictUtf8Decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function abytes(value: unknown, length?: number, what = "value"): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new ShouldersError("BAD_ARGUMENT", `${what} must be bytes`);
  if (length !== undefined && value.length !== length) {
    throw new ShouldersError("BAD_ARGUMENT", `${what} must be ${length} bytes, got ${value.length}`);
  }
}

export function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** Decodes UTF-8 and refuses invalid sequences (RFC 3629), instead of silently substituting U+FFFD. */
export function decodeUtf8(bytes: Uint8Array, code: ErrorCode = "INVALID_UTF8"): string {
  try {
    return strictUtf8Decoder.decode(bytes);
  } catch (cause) {
    throw new ShouldersError(code, "the bytes are not valid UTF-8", { cause });
  }
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

const LOWER_HEX = /^(?:[0-9a-f]{2})*$/;

/** Lowercase hex only: the ledger writes digests and keyids in lowercase, so anything else is not canonical. */
export function fromHex(text: string, length?: number, what = "hex value"): Uint8Array {
  if (!LOWER_HEX.test(text)) throw new ShouldersError("BAD_ARGUMENT", `${what} must be lowercase hex`);
  const bytes = new Uint8Array(Buffer.from(text, "hex"));
  if (length !== undefined && bytes.length !== length) {
    throw new ShouldersError("BAD_ARGUMENT", `${what} must be ${length} bytes (${2 * length} hex characters)`);
  }
  return bytes;
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * RFC 4648 §4 base64, standard alphabet, padded and canonical: re-encoding the result must give the same text.
 * Node's decoder is lenient (it skips junk and ignores non-zero pad bits), so one ledger could otherwise have
 * several spellings of the same bytes, and two tools could disagree on which line is which.
 */
export function fromBase64(text: string, what = "base64 value", code: ErrorCode = "BASE64_INVALID"): Uint8Array {
  const buffer = Buffer.from(text, "base64");
  // Re-encoding reproduces the input only for canonical, padded, standard base64; the regex only words the error.
  if (buffer.toString("base64") !== text) {
    const problem = BASE64.test(text) ? "is not canonical base64" : "is not padded standard base64";
    throw new ShouldersError(code, `${what} ${problem}`);
  }
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
