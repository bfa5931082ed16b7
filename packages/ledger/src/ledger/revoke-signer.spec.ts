import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseEnvelope } from "../dsse/envelope.js";
import { generateSecretKey, publicKeyFromSecret } from "../keys/generate-key.js";
import { keyIdOf } from "../keys/keyid.js";
import { createKeySigner } from "../keys/sign.js";
import { parseStatement } from "../statement/statement.js";
import { layoutOf } from "../store/layout.js";
import { readLog } from "../store/read-log.js";
import { initLedger } from "./init-ledger.js";
import { openLedger } from "./open-ledger.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function ledgerWithSigners(count: number) {
  const dir = mkdtempSync(join(tmpdir(), "shoulders-revoke-"));
  dirs.push(dir);
  const log = createKeySigner(generateSecretKey());
  await initLedger({ dir, origin: "example.org/log", signer: log });
  const keyids: string[] = [];
  for (let i = 0; i < count; i++) {
    const publicKey = publicKeyFromSecret(generateSecretKey());
    await openLedger(dir).addSigner(log, { publicKey, identity: `github:dev${i}`, roles: ["record"] });
    keyids.push(keyIdOf(publicKey));
  }
  return { dir, log, keyids };
}

function reasons(dir: string): string[] {
  return [...readLog(layoutOf(dir))]
    .flatMap((event) =>
      event.kind === "line" ? [parseStatement(parseEnvelope(event.bytes, { compact: true }).payloadBytes).predicate] : [],
    )
    .filter((predicate) => predicate.action === "revoke")
    .map((predicate) => predicate.reason as string);
}

describe("revokeSigner", () => {
  it("records why by default: compromised with a window, revoked without", async () => {
    const { dir, log, keyids } = await ledgerWithSigners(3);
    const ledger = openLedger(dir);
    await ledger.revokeSigner(log, { keyid: keyids[0] as string });
    await ledger.revokeSigner(log, { keyid: keyids[1] as string, compromisedSince: 1 });
    await ledger.revokeSigner(log, { keyid: keyids[2] as string, reason: "left the project" });
    expect(reasons(dir)).toEqual(["revoked", "compromised", "left the project"]);
  });

  it("names its fields, not a command's flags, when it refuses", async () => {
    const { dir, log, keyids } = await ledgerWithSigners(1);
    const ledger = openLedger(dir);
    await expect(ledger.revokeSigner(log, { keyid: "ABC" })).rejects.toMatchObject({
      code: "BAD_ARGUMENT",
      message: "`keyid` must be 64 lowercase hex characters (see `shoulders trust list`)",
    });
    await expect(ledger.revokeSigner(log, { keyid: keyids[0] as string, compromisedSince: 5 })).rejects.toMatchObject({
      code: "BAD_ARGUMENT",
      message: "`compromisedSince` 5 is beyond the end of the log (1 entries)",
    });
  });
});
