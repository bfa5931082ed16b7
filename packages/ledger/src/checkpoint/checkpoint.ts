/**
 * The body of a C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint, "Note text"):
 *
 *     <origin>\n<tree size>\n<base64 root hash>\n[<extension line>\n]*
 *
 * This is the text the log signs; parse it only after the signature is verified (open-checkpoint.ts).
 */
import { abytes, fromBase64, toBase64 } from "../bytes.js";
import { ShouldersError } from "../errors.js";

export type Checkpoint = {
  origin: string;
  /** Number of log entries the root covers. A JS number: sizes above 2^53 − 1 are refused. */
  size: number;
  /** RFC 9162 §2.1.1 root hash, 32 bytes. */
  rootHash: Uint8Array;
  /** Opaque extension lines, without their newlines, in order. */
  extensions: string[];
};

/** docs/format.md, "Checkpoint": the tree size is at most 2^63 − 1 (a signed 64-bit count, as Go's tlog uses). */
const MAX_TREE_SIZE = 2n ** 63n - 1n;
/** ASCII decimal, no leading zeros unless the tree is empty, and at most 19 digits (2^63 − 1 has 19). */
const TREE_SIZE = /^(?:0|[1-9][0-9]{0,18})$/;
const ROOT_HASH_LENGTH = 32;
/** signed-note: no ASCII control characters but newline; a CR in a line would otherwise hide in the origin. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f]/;

function malformed(message: string, cause?: unknown): ShouldersError {
  return new ShouldersError("CHECKPOINT_MALFORMED", `checkpoint: ${message}`, { cause });
}

function checkLine(line: string, what: string): void {
  if (typeof line !== "string" || line === "") throw malformed(`${what} must be a non-empty line`);
  if (CONTROL.test(line)) throw malformed(`${what} must not contain a newline or control character`);
}

export function formatCheckpointBody(cp: Checkpoint): string {
  checkLine(cp.origin, "the origin");
  if (!Number.isSafeInteger(cp.size) || cp.size < 0) throw malformed("the size must be a non-negative safe integer");
  abytes(cp.rootHash, ROOT_HASH_LENGTH, "root hash");
  for (const extension of cp.extensions) checkLine(extension, "an extension line");
  const lines = [cp.origin, String(cp.size), toBase64(cp.rootHash), ...cp.extensions];
  return `${lines.join("\n")}\n`;
}

/** tlog-checkpoint "Note text": parses and validates the three mandatory lines and any extension lines. */
export function parseCheckpointBody(text: string): Checkpoint {
  if (typeof text !== "string" || !text.endsWith("\n")) throw malformed("the text must end with a newline");
  const [origin, sizeLine, rootLine, ...extensions] = text.slice(0, -1).split("\n");
  if (origin === undefined || sizeLine === undefined || rootLine === undefined) {
    throw malformed("expected origin, tree size and root hash lines");
  }
  checkLine(origin, "the origin");
  // Matched before BigInt so that a 40-digit or megabyte-long size is a coded error, never a slow parse or crash.
  if (!TREE_SIZE.test(sizeLine)) throw malformed("the tree size must be ASCII decimal without leading zeros, below 2^63");
  const size = BigInt(sizeLine);
  if (size > MAX_TREE_SIZE) throw malformed("the tree size exceeds 2^63 − 1");
  if (size > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ShouldersError("CHECKPOINT_TOO_LARGE", `checkpoint: tree size ${sizeLine} is beyond what this verifier handles (2^53 − 1)`);
  }
  const rootHash = fromBase64(rootLine, "the root hash", "CHECKPOINT_MALFORMED");
  if (rootHash.length !== ROOT_HASH_LENGTH) throw malformed(`the root hash must be ${ROOT_HASH_LENGTH} bytes`);
  for (const extension of extensions) checkLine(extension, "an extension line");
  return { origin, size: Number(size), rootHash, extensions };
}
