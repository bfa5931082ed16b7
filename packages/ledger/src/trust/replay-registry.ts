import type { Layout } from "../store/layout.js";
import { readLog } from "../store/read-log.js";
import { checkEntry } from "../verify/check-entry.js";
import { SignerRegistry } from "./signer-registry.js";
import type { Trust } from "./trust-file.js";

/**
 * Replays the first `size` entries (all when omitted) into a registry, with the verifier's own rule (checkEntry), but
 * without the signature arithmetic: a writer replays the log it already verified and signed. An entry that is not
 * authorised throws, so nothing is ever written on top of it.
 */
export function replayRegistry(layout: Layout, trust: Trust, size = Number.POSITIVE_INFINITY): SignerRegistry {
  const registry = new SignerRegistry(trust);
  for (const event of readLog(layout)) {
    if (event.index >= size) break;
    if (event.kind !== "line") continue;
    applyEntry(registry, event.bytes, event.index, "skip");
  }
  return registry;
}

/** Checks the entry at `index`, records its statement and, if it is a key statement, applies it. Returns the checked entry. */
export function applyEntry(registry: SignerRegistry, line: Uint8Array | string, index: number, signatures: "verify" | "skip") {
  const entry = checkEntry(line, index, registry, { compact: true, signatures });
  registry.addStatement(entry.payloadKey, index);
  if (entry.keyPredicate !== undefined) registry.apply(entry.keyPredicate, index);
  return entry;
}
