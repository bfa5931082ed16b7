import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ShouldersError } from "../errors.js";
import { keyIdOf } from "../keys/keyid.js";
import { sha256Hex } from "../sha256.js";
import type { Signer } from "../signer.js";
import type { Statement } from "../statement/statement.js";
import { assertLayoutFolders } from "../store/assert-layout.js";
import { writeFileAtomic } from "../store/atomic-write.js";
import { type Layout, layoutOf } from "../store/layout.js";
import { readTrust } from "../store/log-writer.js";
import { KEY_PREDICATE_TYPE } from "../trust/key-statement.js";
import { assertNotRetired, logKeyStatus } from "../trust/log-keys.js";
import { replayRegistry } from "../trust/replay-registry.js";
import type { Trust } from "../trust/trust-file.js";
import type { PredicateValidators } from "../verify/verify-ledger.js";
import { signLines } from "./append-statements.js";

/**
 * Writes a statement signed by a contributor's own key to `.attribution/pending/<sha256 of the file>.json`. Pending
 * files never conflict with each other, so pull requests that only add them merge cleanly; the log writer
 * integrates them later (docs/format.md, "Pending statements").
 */
export async function proposeStatement(
  dir: string,
  statement: Statement,
  signer: Signer,
  predicates?: PredicateValidators,
): Promise<{ path: string; digest: string }> {
  const layout = layoutOf(dir);
  // A pending/ committed as a symlink would make us write the statement into whatever folder it points to.
  assertLayoutFolders(layout);
  if (statement.predicateType === KEY_PREDICATE_TYPE) {
    throw new ShouldersError("UNAUTHORISED_SIGNER", "key statements must be signed by a log key; they cannot be proposed as pending");
  }
  const trust = assertMayPropose(layout, signer.publicKey);
  // Bound to this ledger but to no entry: its author cannot know the index it will get (docs/format.md).
  const [line] = await signLines([statement], signer, () => ({ origin: trust.origin }), predicates);
  const bytes = Buffer.from(`${line}\n`, "utf8");
  const digest = sha256Hex(bytes);
  mkdirSync(layout.pendingDir, { recursive: true });
  const path = join(layout.pendingDir, `${digest}.json`);
  writeFileAtomic(path, bytes);
  return { path, digest };
}

/**
 * A pending statement by a key the log revoked (or rotated out) could never be integrated: refuse it before writing,
 * with the entry that revoked it. An unknown key may propose; the log writer decides whether to take it.
 */
function assertMayPropose(layout: Layout, publicKey: Uint8Array): Trust {
  const trust = readTrust(layout, { writing: true });
  assertNotRetired(logKeyStatus(trust, publicKey), publicKey);
  replayRegistry(layout, trust).assertNotRevoked(keyIdOf(publicKey));
  return trust;
}
