import { resolve } from "node:path";
import { MAX_CHECKPOINT_BYTES, MAX_TRUST_BYTES } from "@shoulders/ledger";
import { readBoundedFile } from "@shoulders/ledger/files";
import type { Io } from "./io.js";

/**
 * A trust.json or checkpoint named on the command line (`--trust`, `--trusted-checkpoint`, a witness's `--log`):
 * bounded, and never a FIFO or device, so a verifier never hangs on its own inputs. Symlinks are followed: the user
 * named the file.
 */
export function readTrustArgument(io: Io, file: string): Uint8Array {
  return readBoundedFile(resolve(io.cwd, file), { maxBytes: MAX_TRUST_BYTES, what: file, tooLarge: "TRUST_INVALID", followSymlinks: true });
}

export function readCheckpointArgument(io: Io, file: string): Uint8Array {
  return readBoundedFile(resolve(io.cwd, file), {
    maxBytes: MAX_CHECKPOINT_BYTES,
    what: file,
    tooLarge: "CHECKPOINT_MALFORMED",
    followSymlinks: true,
  });
}
