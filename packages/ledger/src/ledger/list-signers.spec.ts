import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { toBase64 } from "../bytes.js";
import { generateSecretKey, publicKeyFromSecret } from "../keys/generate-key.js";
import { keyIdOf } from "../keys/keyid.js";
import { createKeySigner } from "../keys/sign.js";
import { initLedger } from "./init-ledger.js";
import { listSigners } from "./list-signers.js";
import { openLedger } from "./open-ledger.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("listSigners", () => {
  it("gives every key its state: active, revoked, compromised, retired", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shoulders-signers-"));
    dirs.push(dir);
    const [first, second, kept, gone, hacked] = Array.from({ length: 5 }, generateSecretKey) as Uint8Array[][] & Uint8Array[];
    await initLedger({ dir, origin: "example.org/log", signer: createKeySigner(first) });
    const ledger = openLedger(dir);
    for (const [seed, identity] of [
      [kept, "github:kept"],
      [gone, "github:gone"],
      [hacked, "github:hacked"],
    ] as const) {
      await ledger.addSigner(createKeySigner(first), { publicKey: publicKeyFromSecret(seed), identity, roles: ["record"] });
    }
    await ledger.revokeSigner(createKeySigner(first), { keyid: keyIdOf(publicKeyFromSecret(gone)) });
    await ledger.revokeSigner(createKeySigner(first), { keyid: keyIdOf(publicKeyFromSecret(hacked)), compromisedSince: 2 });
    await ledger.rotate(createKeySigner(first), createKeySigner(second));

    const { origin, keys } = listSigners(dir);
    expect(origin).toBe("example.org/log");
    const byId = new Map(keys.map((key) => [key.keyid, key]));
    const of = (seed: Uint8Array) => byId.get(keyIdOf(publicKeyFromSecret(seed)));
    expect(of(second)).toMatchObject({ identity: "log:example.org/log", addedAt: null, state: "active", roles: ["log"] });
    expect(of(first)).toMatchObject({ identity: "log:example.org/log", retiredAt: 5, state: "retired" });
    expect(of(kept)).toMatchObject({
      identity: "github:kept",
      addedAt: 0,
      revokedAt: null,
      state: "active",
      publicKey: toBase64(publicKeyFromSecret(kept)),
    });
    expect(of(gone)).toMatchObject({ identity: "github:gone", revokedAt: 3, compromisedSince: null, state: "revoked" });
    expect(of(hacked)).toMatchObject({ identity: "github:hacked", revokedAt: 4, compromisedSince: 2, state: "compromised" });
    expect(keys).toHaveLength(5);
  });
});
