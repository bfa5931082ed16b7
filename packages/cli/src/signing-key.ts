import { resolve } from "node:path";
import { createKeySigner, parseSecretKey, ShouldersError, type Signer } from "@shoulders/ledger";
import { readBoundedFile } from "@shoulders/ledger/files";
import type { Io } from "./io.js";

export const KEY_ENV = "SHOULDERS_SIGNING_KEY";

/**
 * Reads the signing key from --key FILE or SHOULDERS_SIGNING_KEY. The key's text never reaches an error message, a
 * log line or stdout: parse errors say what is wrong with it, never what it is.
 */
export function loadSigningKey(io: Io, keyFile: string | undefined, envName = KEY_ENV): Uint8Array {
  if (keyFile !== undefined) {
    let text: string;
    try {
      // Bounded and never a FIFO or device: `--key` pointing at a pipe would otherwise wait forever.
      text = readBoundedFile(resolve(io.cwd, keyFile), {
        maxBytes: 4096,
        what: keyFile,
        tooLarge: "KEY_INVALID",
        followSymlinks: true,
      }).toString("utf8");
    } catch (cause) {
      if (cause instanceof ShouldersError && cause.code !== "IO_ERROR") throw cause;
      throw new ShouldersError("KEY_MISSING", `cannot read the key file ${keyFile}: ${(cause as Error).message}`, { cause });
    }
    return withSource(() => parseSecretKey(text), keyFile);
  }
  const text = io.env[envName];
  if (text === undefined || text.trim() === "") {
    throw new ShouldersError(
      "KEY_MISSING",
      `no signing key: pass --key FILE or set ${envName} (create one with \`shoulders keygen --out FILE\`)`,
    );
  }
  return withSource(() => parseSecretKey(text), envName);
}

/** The signing key as a `Signer`: what every command that writes the ledger takes. */
export function loadSigner(io: Io, keyFile: string | undefined): Signer {
  return createKeySigner(loadSigningKey(io, keyFile));
}

function withSource(read: () => Uint8Array, source: string): Uint8Array {
  try {
    return read();
  } catch (cause) {
    throw new ShouldersError("KEY_INVALID", `${source} does not hold a key: it must be the base64 of a 32-byte Ed25519 seed`, { cause });
  }
}
