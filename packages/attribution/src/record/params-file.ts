import { ShouldersError } from "@shoulders/ledger";
import { readBoundedFile } from "@shoulders/ledger/files";
import { parse } from "yaml";

const MAX_PARAMS_BYTES = 256 * 1024;

/**
 * Reads hyperparameters from a YAML or JSON file (YAML is a superset of JSON). It must hold a mapping; anything else,
 * an alias bomb or a file too large to fit in a log line is a PARAMS_INVALID error naming the file.
 */
export function readParamsFile(path: string, shownAs = path): Record<string, unknown> {
  let text: string;
  try {
    // Bounded as it is read: /dev/zero or a FIFO reports size 0 to stat and would then be read, or waited on, forever.
    const bytes = readBoundedFile(path, { maxBytes: MAX_PARAMS_BYTES, what: shownAs, tooLarge: "PARAMS_INVALID", followSymlinks: true });
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (cause) {
    if (cause instanceof ShouldersError && cause.code !== "IO_ERROR") throw cause;
    if (cause instanceof TypeError) throw new ShouldersError("PARAMS_INVALID", `${shownAs} is not UTF-8 text`, { cause });
    const errno = ((cause instanceof ShouldersError ? cause.cause : cause) as NodeJS.ErrnoException | undefined)?.code;
    throw new ShouldersError("UNREADABLE_FILE", `cannot read ${shownAs}: ${errno ?? "error"}`, { cause });
  }
  let value: unknown;
  try {
    value = parse(text, { maxAliasCount: 100, uniqueKeys: true, prettyErrors: false });
  } catch (cause) {
    const message = ((cause as Error).message ?? "").split("\n")[0];
    throw new ShouldersError("PARAMS_INVALID", `${shownAs} is not valid YAML or JSON: ${message}`, { cause });
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ShouldersError("PARAMS_INVALID", `${shownAs} must hold a mapping of hyperparameters, such as "learning_rate: 2e-5"`);
  }
  // Round-trip through JSON: dates, infinities and other YAML-only values become what a statement can hold.
  try {
    return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  } catch (cause) {
    throw new ShouldersError("PARAMS_INVALID", `${shownAs} holds values that JSON cannot represent`, { cause });
  }
}
