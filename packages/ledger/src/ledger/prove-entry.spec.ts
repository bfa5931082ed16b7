import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fromBase64 } from "../bytes.js";
import { generateSecretKey } from "../keys/generate-key.js";
import { createKeySigner } from "../keys/sign.js";
import { verifyInclusion } from "../merkle/verify-inclusion.js";
import { STATEMENT_TYPE } from "../statement/statement.js";
import { layoutOf, segmentPath } from "../store/layout.js";
import { initLedger } from "./init-ledger.js";
import { openLedger } from "./open-ledger.js";
import { proveEntry } from "./prove-entry.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function ledgerOf(count: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "shoulders-prove-"));
  dirs.push(dir);
  const signer = createKeySigner(generateSecretKey());
  await initLedger({ dir, origin: "example.org/log", signer });
  const statements = Array.from({ length: count }, (_, i) => ({
    _type: STATEMENT_TYPE,
    subject: [{ name: `note:${i}`, digest: { sha256: String(i).padStart(64, "0") } }],
    predicateType: "https://example.org/note/v1",
    predicate: { i },
  }));
  await openLedger(dir).append(statements, signer);
  return dir;
}

describe("proveEntry", () => {
  it("gives a proof that checks against the signed root, with the checkpoint it is against", async () => {
    const dir = await ledgerOf(7);
    for (const index of [0, 3, 6]) {
      const proved = proveEntry(dir, index);
      expect(proved).toMatchObject({ index, treeSize: 7 });
      const ok = verifyInclusion(
        fromBase64(proved.leafHash),
        index,
        7,
        proved.proof.map((hash) => fromBase64(hash)),
        fromBase64(proved.rootHash),
      );
      expect(ok).toBe(true);
      expect(proved.checkpoint).toBe(readFileSync(join(dir, ".attribution", "checkpoint"), "utf8"));
    }
  });

  it("refuses an entry the checkpoint does not cover", async () => {
    const dir = await ledgerOf(2);
    expect(() => proveEntry(dir, 2)).toThrow(
      expect.objectContaining({ code: "INDEX_OUT_OF_RANGE", message: "entry 2 is not committed: the checkpoint covers entries 0 to 1" }),
    );
  });

  it("never hands out a proof when the log and its checkpoint disagree", async () => {
    const dir = await ledgerOf(3);
    const segment = segmentPath(layoutOf(dir), 0);
    const lines = readFileSync(segment, "utf8").split("\n");
    lines[1] = (lines[1] as string).replace(/"payload":"./, (match) => `${match.slice(0, -1)}${match.endsWith("A") ? "B" : "A"}`);
    writeFileSync(segment, lines.join("\n"));
    expect(() => proveEntry(dir, 0)).toThrow(expect.objectContaining({ code: "CHECKPOINT_MISMATCH" }));
  });
});
