import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  bindStatement,
  createKeySigner,
  generateSecretKey,
  initLedger,
  layoutOf,
  leafHash,
  openLedger,
  parseTrust,
  STATEMENT_TYPE,
  type Statement,
  segmentPath,
  signCheckpoint,
  treeHash,
} from "@shoulders/ledger";

export const ORIGIN = "github.com/acme/sentiment/attribution";

/** A fresh folder under the system temp dir, removed by the returned function. */
export function tempDir(prefix = "shoulders-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function noteStatement(text: string, extra: Record<string, unknown> = {}): Statement {
  const digest = Buffer.from(text).toString("hex").padEnd(64, "0").slice(0, 64);
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: `note:${text}`, digest: { sha256: digest } }],
    predicateType: "https://example.org/note/v1",
    predicate: { text, ...extra },
  };
}

/** The statement bound to the test ledgers' origin as a pending file is (no entry index), for lines signed by hand. */
export function bound(statement: Statement, origin = ORIGIN): Statement {
  return bindStatement(statement, { origin });
}

/** A ledger with `count` entries, signed by a fresh log key. */
export async function makeLedger(count = 0): Promise<{ dir: string; seed: Uint8Array; cleanup: () => void }> {
  const { dir, cleanup } = tempDir();
  const seed = generateSecretKey();
  await initLedger({ dir, origin: ORIGIN, signer: createKeySigner(seed) });
  if (count > 0) {
    await openLedger(dir).append(
      Array.from({ length: count }, (_, i) => noteStatement(`entry ${i}`)),
      createKeySigner(seed),
    );
  }
  return { dir, seed, cleanup };
}

/** Signs a checkpoint over every line of the log, checking nothing: what a careless key holder (or an old writer) can do. */
export function signHeadByHand(dir: string, seed: Uint8Array): void {
  const layout = layoutOf(dir);
  const lines = readFileSync(segmentPath(layout, 0), "utf8")
    .split("\n")
    .filter((line) => line !== "");
  const leaves = lines.map((line) => leafHash(Buffer.from(line)));
  const { origin } = parseTrust(readFileSync(layout.trust));
  writeFileSync(
    layout.checkpoint,
    signCheckpoint({ origin, size: leaves.length, rootHash: treeHash(leaves), extensions: [] }, { name: origin, seed }),
  );
}
