import { fromBase64 } from "../bytes.js";
import { keyIdOf } from "../keys/keyid.js";
import { parseStatement } from "../statement/statement.js";
import type { Layout } from "../store/layout.js";
import { readLog } from "../store/read-log.js";
import { withIndex } from "../verify/check-entry.js";
import { KEY_PREDICATE_TYPE, parseKeyPredicate } from "./key-statement.js";
import { SignerRegistry } from "./signer-registry.js";
import type { Trust } from "./trust-file.js";

export function emptyRegistry(trust: Trust): SignerRegistry {
  return new SignerRegistry(
    trust.verifierKeys.map((key) => key.publicKey),
    keyIdOf,
  );
}

/**
 * Replays the key statements of the first `size` entries (all entries when omitted) into a registry. It trusts the
 * log's signatures, as a writer trusts its own ledger; `verifyLedger` is what checks them.
 */
export function replayRegistry(layout: Layout, trust: Trust, size = Number.POSITIVE_INFINITY): SignerRegistry {
  const registry = emptyRegistry(trust);
  for (const event of readLog(layout)) {
    if (event.index >= size) break;
    if (event.kind !== "line") continue;
    applyKeyStatement(registry, event.bytes, event.index);
  }
  return registry;
}

/** Applies the entry at `index` to `registry` if it is a key statement; a fast path that skips signatures. */
export function applyKeyStatement(registry: SignerRegistry, line: Uint8Array, index: number): void {
  try {
    const envelope = JSON.parse(Buffer.from(line).toString("utf8")) as { payload?: unknown };
    if (typeof envelope.payload !== "string") return;
    const payload = fromBase64(envelope.payload);
    // JSON.parse first because it is fast and most entries are not key statements; those are then parsed strictly.
    const loose = JSON.parse(Buffer.from(payload).toString("utf8")) as { predicateType?: unknown };
    if (loose.predicateType !== KEY_PREDICATE_TYPE) return;
    const statement = parseStatement(payload);
    if (statement.predicateType !== KEY_PREDICATE_TYPE) return;
    registry.apply(parseKeyPredicate(statement), index);
  } catch (error) {
    throw withIndex(error, index);
  }
}
