import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { serializeEnvelope } from "../dsse/envelope.js";
import { signEnvelope } from "../dsse/sign-envelope.js";
import { generateSecretKey, publicKeyFromSecret } from "../keys/generate-key.js";
import { keyIdOf } from "../keys/keyid.js";
import { createKeySigner } from "../keys/sign.js";
import { bindStatement } from "../statement/ledger-binding.js";
import { encodeStatement, STATEMENT_TYPE, type Statement } from "../statement/statement.js";
import { layoutOf, segmentPath } from "../store/layout.js";
import { initLedger } from "./init-ledger.js";
import { listEntries } from "./list-entries.js";
import { openLedger } from "./open-ledger.js";

const ORIGIN = "example.org/log";
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function note(i: number): Statement {
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: `note:${i}`, digest: { sha256: String(i).padStart(64, "0") } }],
    predicateType: "https://example.org/note/v1",
    predicate: { i },
  };
}

async function ledgerOf(count: number) {
  const dir = mkdtempSync(join(tmpdir(), "shoulders-list-"));
  dirs.push(dir);
  const signer = createKeySigner(generateSecretKey());
  await initLedger({ dir, origin: ORIGIN, signer });
  await openLedger(dir).append(
    Array.from({ length: count }, (_, i) => note(i)),
    signer,
  );
  return dir;
}

describe("listEntries", () => {
  it("lists from an index, at most a limit, with what each entry says and who signed it", async () => {
    const dir = await ledgerOf(5);
    const { entries, unverified } = listEntries(dir, { from: 1, limit: 3 });
    expect(unverified).toBeUndefined();
    expect(entries.map((entry) => [entry.index, entry.subject[0]?.name, entry.signers])).toEqual([
      [1, "note:1", ["log"]],
      [2, "note:2", ["log"]],
      [3, "note:3", ["log"]],
    ]);
    expect(entries[0]?.predicateType).toBe("https://example.org/note/v1");
    expect(listEntries(dir).entries).toHaveLength(5);
  });

  it("still lists a log that does not replay, naming an undeclared signer by keyid and saying why", async () => {
    const dir = await ledgerOf(1);
    const stranger = generateSecretKey();
    const line = serializeEnvelope(
      await signEnvelope(encodeStatement(bindStatement(note(9), { origin: ORIGIN })), [createKeySigner(stranger)]),
    );
    appendFileSync(segmentPath(layoutOf(dir), 0), `${line}\n`);
    const { entries, unverified } = listEntries(dir);
    expect(unverified).toBe("UNAUTHORISED_SIGNER");
    expect(entries[1]?.signers).toEqual([`unknown:${keyIdOf(publicKeyFromSecret(stranger)).slice(0, 16)}…`]);
  });
});
