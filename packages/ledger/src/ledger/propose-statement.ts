import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { ShouldersError } from "../errors.js";
import { sha256Hex } from "../sha256.js";
import type { Statement } from "../statement/statement.js";
import { assertLayoutFolders } from "../store/assert-layout.js";
import { writeFileAtomic } from "../store/atomic-write.js";
import { layoutOf } from "../store/layout.js";
import { KEY_PREDICATE_TYPE } from "../trust/key-statement.js";
import { signLines } from "./append-statements.js";

/**
 * Writes a statement signed by a contributor's own key to `.attribution/pending/<sha256 of the file>.json`. Pending
 * files never conflict with each other, so pull requests that only add them merge cleanly; the log writer
 * integrates them later (SPEC.md, "Pending statements").
 */
export async function proposeStatement(dir: string, statement: Statement, seed: Uint8Array): Promise<{ path: string; digest: string }> {
  const layout = layoutOf(dir);
  // A pending/ committed as a symlink would make us write the statement into whatever folder it points to.
  assertLayoutFolders(layout);
  if (!existsSync(layout.trust)) {
    throw new ShouldersError("LEDGER_MISSING", `no ledger at ${layout.root}: run \`shoulders init\` first, or pass --dir`);
  }
  if (statement.predicateType === KEY_PREDICATE_TYPE) {
    throw new ShouldersError("UNAUTHORISED_SIGNER", "key statements must be signed by a log key; they cannot be proposed as pending");
  }
  const [line] = await signLines([statement], seed);
  const bytes = Buffer.from(`${line}\n`, "utf8");
  const digest = sha256Hex(bytes);
  mkdirSync(layout.pendingDir, { recursive: true });
  const path = join(layout.pendingDir, `${digest}.json`);
  writeFileAtomic(path, bytes);
  return { path, digest };
}
