/**
 * Safe file primitives for every package that reads or writes files an attacker may have planted (a committed cache,
 * a card, a config, a key file named on the command line): bounded reads that never follow a link or block on a FIFO,
 * atomic replacement, and a lock. They hold no rule of the ledger's; the ledger's own files are written only through
 * `openLedger`.
 */

export { fsyncDirectory, writeFileAtomic } from "./store/atomic-write.js";
export { acquireLock, type Release } from "./store/lock.js";
export { openRegularFile, readBoundedFile } from "./store/read-bounded-file.js";
