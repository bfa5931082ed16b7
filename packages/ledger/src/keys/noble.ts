/**
 * The one place that loads @noble/ed25519. noble ships without a synchronous SHA-512 so that it stays dependency
 * free; we wire @noble/hashes in explicitly (as noble's README asks) so that sync `sign` and `getPublicKey` work and
 * so that nobody relies on a global being set by some other import.
 */
import * as ed from "@noble/ed25519";
import { sha512 } from "@noble/hashes/sha2.js";

ed.hashes.sha512 = sha512;

export { ed };
