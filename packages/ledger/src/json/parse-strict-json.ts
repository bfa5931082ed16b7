/**
 * A strict I-JSON (RFC 7493) parser for attacker input.
 *
 * JSON.parse cannot be used: it keeps the last of two duplicate members (so two tools can read one line two ways),
 * accepts lone surrogate escapes, turns 1e400 into Infinity, and recurses, so deep nesting throws a RangeError.
 * This parser is iterative: an explicit stack holds the open containers and its depth is checked before a container
 * is opened, so nesting costs heap, never call stack, and stops at `maxDepth`.
 */
import { decodeUtf8 } from "../bytes.js";
import { ShouldersError } from "../errors.js";

export interface ParseStrictJsonOptions {
  /** Containers may nest this deep: `[]` is depth 1. Default 64. */
  maxDepth?: number;
  /** Refuse any whitespace (RFC 8259 §2 `ws`), as in log lines, where one value must have one spelling. */
  compact?: boolean;
  /** Names the input in error messages. */
  what?: string;
}

export const DEFAULT_MAX_JSON_DEPTH = 64;

type Frame = { array: unknown[] } | { object: Record<string, unknown>; key: string };

// Char codes of the RFC 8259 grammar.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SLASH = 0x2f;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/** RFC 8259 §7: the two-character escapes, by the code of the character after the backslash. */
function simpleEscape(c: number): string | undefined {
  switch (c) {
    case QUOTE:
      return '"';
    case BACKSLASH:
      return "\\";
    case SLASH:
      return "/";
    case 0x62:
      return "\b";
    case 0x66:
      return "\f";
    case 0x6e:
      return "\n";
    case 0x72:
      return "\r";
    case 0x74:
      return "\t";
    default:
      return undefined;
  }
}

/** The characters a string may hold unescaped (RFC 8259 §7); the regex engine skips them faster than a loop. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: unescaped control characters are what it stops at
const STRING_RUN = /[^"\\\u0000-\u001f]*/y;

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** A character for a one-line message: printable ASCII quoted, anything else as U+XXXX. */
function describe(c: number): string {
  if (Number.isNaN(c)) return "end of input";
  if (c >= 0x21 && c <= 0x7e) return `"${String.fromCharCode(c)}"`;
  return `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** A member name for a one-line message: escaped by JSON.stringify, and cut short. */
function quote(name: string): string {
  return JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}…` : name);
}

export function parseStrictJson(input: Uint8Array | string, options: ParseStrictJsonOptions = {}): unknown {
  const what = options.what ?? "JSON text";
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  const compact = options.compact ?? false;
  if (!Number.isSafeInteger(maxDepth) || maxDepth < 0) {
    throw new ShouldersError("BAD_ARGUMENT", "maxDepth must be a non-negative integer");
  }
  const text = toWellFormedText(input, what);
  const length = text.length;
  let pos = 0;

  const fail = (message: string, at = pos): never => {
    throw new ShouldersError("INVALID_JSON", `${what}: ${message} at character ${at}`);
  };
  const unexpected = (): never => fail(`unexpected ${describe(text.charCodeAt(pos))}`);

  const skipWhitespace = (): void => {
    if (!isWhitespace(text.charCodeAt(pos))) return;
    if (compact) throw new ShouldersError("NOT_COMPACT", `${what}: whitespace at character ${pos}`);
    do pos++;
    while (isWhitespace(text.charCodeAt(pos)));
  };

  const expect = (c: number): void => {
    if (text.charCodeAt(pos) !== c) unexpected();
    pos++;
  };

  // Slices the string between quotes, and only builds a new one when a backslash is present.
  const parseString = (): string => {
    pos++; // the opening quote
    let start = pos;
    let out = "";
    for (;;) {
      STRING_RUN.lastIndex = pos;
      STRING_RUN.test(text);
      pos = STRING_RUN.lastIndex;
      const c = text.charCodeAt(pos);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        out += text.slice(start, pos);
        out += parseEscape();
        start = pos;
        continue;
      }
      // RFC 8259 §7: control characters must be escaped; NaN is the end of the input.
      if (c < 0x20 || Number.isNaN(c)) {
        fail(Number.isNaN(c) ? "unterminated string" : `unescaped control character ${describe(c)} in a string`);
      }
    }
    const value = out + text.slice(start, pos);
    pos++; // the closing quote
    return value;
  };

  const parseHex4 = (): number => {
    let unit = 0;
    for (let i = 0; i < 4; i++) {
      const digit = hexValue(text.charCodeAt(pos));
      if (digit < 0) fail("invalid \\u escape");
      unit = (unit << 4) | digit;
      pos++;
    }
    return unit;
  };

  const parseEscape = (): string => {
    const at = pos;
    pos++; // the backslash
    const c = text.charCodeAt(pos);
    const simple = simpleEscape(c);
    if (simple !== undefined) {
      pos++;
      return simple;
    }
    if (c !== 0x75) fail(`invalid escape ${describe(c)}`);
    pos++;
    const unit = parseHex4();
    if (unit < 0xd800 || unit > 0xdfff) return String.fromCharCode(unit);
    // I-JSON §2.1: no lone surrogates, so every string is real Unicode and re-encodes as UTF-8 the same way.
    if (unit <= 0xdbff && text.charCodeAt(pos) === BACKSLASH && text.charCodeAt(pos + 1) === 0x75) {
      pos += 2;
      const low = parseHex4();
      if (low >= 0xdc00 && low <= 0xdfff) return String.fromCharCode(unit, low);
    }
    return fail("lone surrogate in \\u escape", at);
  };

  const parseNumber = (): number => {
    const start = pos;
    if (text.charCodeAt(pos) === MINUS) pos++;
    const first = text.charCodeAt(pos);
    if (first === ZERO) {
      pos++;
      if (isDigit(text.charCodeAt(pos))) fail("leading zero in a number");
    } else if (isDigit(first)) {
      do pos++;
      while (isDigit(text.charCodeAt(pos)));
    } else {
      unexpected();
    }
    if (text.charCodeAt(pos) === DOT) {
      pos++;
      if (!isDigit(text.charCodeAt(pos))) unexpected();
      do pos++;
      while (isDigit(text.charCodeAt(pos)));
    }
    const e = text.charCodeAt(pos);
    if (e === 0x65 || e === 0x45) {
      pos++;
      const sign = text.charCodeAt(pos);
      if (sign === PLUS || sign === MINUS) pos++;
      if (!isDigit(text.charCodeAt(pos))) unexpected();
      do pos++;
      while (isDigit(text.charCodeAt(pos)));
    }
    const value = Number(text.slice(start, pos));
    // I-JSON §2.2: numbers are IEEE 754 doubles; 1e400 would silently become Infinity.
    if (!Number.isFinite(value)) fail("number out of range", start);
    return value;
  };

  const parseLiteral = (word: string, value: unknown): unknown => {
    if (!text.startsWith(word, pos)) unexpected();
    pos += word.length;
    return value;
  };

  const parseKey = (object: Record<string, unknown>): string => {
    if (text.charCodeAt(pos) !== QUOTE) unexpected();
    const at = pos;
    const key = parseString();
    // RFC 7493 §2.3: names are compared after unescaping, so "a" and "\u0061" are the same member.
    if (Object.hasOwn(object, key)) {
      throw new ShouldersError("DUPLICATE_MEMBER", `${what}: duplicate member ${quote(key)} at character ${at}`);
    }
    skipWhitespace();
    expect(COLON);
    skipWhitespace();
    return key;
  };

  const stack: Frame[] = [];
  const open = (): void => {
    // Checked before the container exists, so a 200,000-deep input stops here after 65 steps.
    if (stack.length >= maxDepth) {
      throw new ShouldersError("JSON_TOO_DEEP", `${what}: nesting deeper than ${maxDepth} at character ${pos}`);
    }
    pos++;
    skipWhitespace();
  };

  skipWhitespace();
  for (;;) {
    // Parse one value; containers push a frame and go round again for their first member.
    let value: unknown;
    const c = text.charCodeAt(pos);
    if (c === QUOTE) value = parseString();
    else if (c === OPEN_BRACE) {
      open();
      const object: Record<string, unknown> = {};
      if (text.charCodeAt(pos) === CLOSE_BRACE) {
        pos++;
        value = object;
      } else {
        const key = parseKey(object);
        stack.push({ object, key });
        continue;
      }
    } else if (c === OPEN_BRACKET) {
      open();
      const array: unknown[] = [];
      if (text.charCodeAt(pos) === CLOSE_BRACKET) {
        pos++;
        value = array;
      } else {
        stack.push({ array });
        continue;
      }
    } else if (c === 0x74) value = parseLiteral("true", true);
    else if (c === 0x66) value = parseLiteral("false", false);
    else if (c === 0x6e) value = parseLiteral("null", null);
    else value = parseNumber();

    // Attach the value to its parent, closing every container that ends here.
    for (;;) {
      skipWhitespace();
      const frame = stack[stack.length - 1];
      if (frame === undefined) {
        if (pos !== length) fail("unexpected data after the JSON value");
        return value;
      }
      const next = text.charCodeAt(pos);
      if ("array" in frame) {
        frame.array.push(value);
        if (next === COMMA) {
          pos++;
          skipWhitespace();
          break;
        }
        if (next !== CLOSE_BRACKET) unexpected();
        value = frame.array;
      } else {
        setMember(frame.object, frame.key, value);
        if (next === COMMA) {
          pos++;
          skipWhitespace();
          frame.key = parseKey(frame.object);
          break;
        }
        if (next !== CLOSE_BRACE) unexpected();
        value = frame.object;
      }
      pos++;
      stack.pop();
    }
  }
}

/**
 * A member named "__proto__" must be an ordinary own property, as JSON.parse makes it. Plain assignment would call
 * the Object.prototype setter and swap the object's prototype (prototype pollution).
 */
function setMember(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

function toWellFormedText(input: Uint8Array | string, what: string): string {
  if (typeof input === "string") {
    // A JS string can hold lone surrogates, which have no UTF-8 form (RFC 3629 §3): refuse them as bytes would be.
    if (!(input as string & { isWellFormed(): boolean }).isWellFormed()) {
      throw new ShouldersError("INVALID_UTF8", `${what} is not well-formed Unicode`);
    }
    return input;
  }
  if (!(input instanceof Uint8Array)) throw new ShouldersError("BAD_ARGUMENT", `${what} must be bytes or a string`);
  try {
    // Strict (fatal) decoding, and a BOM is kept as U+FEFF so the grammar refuses it (RFC 8259 §8.1).
    return decodeUtf8(input);
  } catch (cause) {
    throw new ShouldersError("INVALID_UTF8", `${what} is not valid UTF-8`, { cause });
  }
}
