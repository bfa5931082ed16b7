import type { Layout } from "./layout.js";
import { readBoundedFile } from "./read-bounded-file.js";

/** trust.json holds at most 16 verifier keys; anything near this size is an attack, not a root of trust. */
export const MAX_TRUST_BYTES = 1 << 20;
/** A checkpoint is a few lines and at most 100 signatures (note/verify-note.ts). */
export const MAX_CHECKPOINT_BYTES = 64 * 1024;

/** The bytes of trust.json: a regular file of at most 1 MiB, never a FIFO or device, nor a symlink out of `within`. */
export function readTrustBytes(layout: Layout, within?: string): Buffer {
  return readBoundedFile(layout.trust, {
    maxBytes: MAX_TRUST_BYTES,
    what: ".attribution/trust.json",
    tooLarge: "TRUST_INVALID",
    ...(within === undefined ? {} : { within }),
  });
}

/** The bytes of the checkpoint: a regular file of at most 64 KiB, never a FIFO or device, nor a symlink out of `within`. */
export function readCheckpointBytes(layout: Layout, within?: string): Buffer {
  return readBoundedFile(layout.checkpoint, {
    ...(within === undefined ? {} : { within }),
    maxBytes: MAX_CHECKPOINT_BYTES,
    what: ".attribution/checkpoint",
    tooLarge: "CHECKPOINT_MALFORMED",
  });
}
