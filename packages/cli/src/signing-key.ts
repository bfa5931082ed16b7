import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { parseSecretKey, ShouldersError } from "@shoulders/ledger";
import type { Io } from "./io.js";

export const KEY_ENV = "SHOULDERS_SIGNING_KEY";

/**
 * Reads the signing key from --key FILE or SHOULDERS_SIGNING_KEY. The key's text never reaches an error message, a
 * log line or stdout: parse errors say what is wrong with it, never what it is.
 */
export function loadSigningKey(io: Io, keyFile: string | undefined): Uint8Array {
  if (keyFile !== undefined) {
    const path = resolve(io.cwd, keyFile);
    let text: string;
    try {
      if (statSync(path).size > 4096) throw new ShouldersError("KEY_INVALID", `${keyFile} is too large to be a key file`);
      text = readFileSync(path, "utf8");
    } catch (cause) {
      if (cause instanceof ShouldersError) throw cause;
      throw new ShouldersError("KEY_MISSING", `cannot read the key file ${keyFile}: ${(cause as NodeJS.ErrnoException).code ?? "error"}`, {
        cause,
      });
    }
    return withSource(() => parseSecretKey(text), keyFile);
  }
  const text = io.env[KEY_ENV];
  if (text === undefined || text.trim() === "") {
    throw new ShouldersError(
      "KEY_MISSING",
      `no signing key: pass --key FILE or set ${KEY_ENV} (create one with \`shoulders keygen --out FILE\`)`,
    );
  }
  return withSource(() => parseSecretKey(text), KEY_ENV);
}

function withSource(read: () => Uint8Array, source: string): Uint8Array {
  try {
    return read();
  } catch (cause) {
    throw new ShouldersError("KEY_INVALID", `${source} does not hold a key: it must be the base64 of a 32-byte Ed25519 seed`, { cause });
  }
}
