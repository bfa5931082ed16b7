import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generateSecretKey, publicKeyFromSecret } from "../keys/generate-key.js";
import { createKeySigner } from "../keys/sign.js";
import { formatVerifierKey, parseVerifierKey, SIGNATURE_TYPE_COSIGNATURE_V1 } from "../note/verifier-key.js";
import { addWitness } from "./add-witness.js";
import { initLedger } from "./init-ledger.js";
import { removeWitness } from "./remove-witness.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function ledger(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "shoulders-witness-list-"));
  dirs.push(dir);
  await initLedger({ dir, origin: "example.org/log", signer: createKeySigner(generateSecretKey()) });
  return dir;
}

function witnessKey(name: string) {
  return parseVerifierKey(
    formatVerifierKey(name, publicKeyFromSecret(generateSecretKey()), SIGNATURE_TYPE_COSIGNATURE_V1),
    SIGNATURE_TYPE_COSIGNATURE_V1,
  );
}

describe("addWitness and removeWitness", () => {
  it("list a witness once per key, with its latest URL", async () => {
    const dir = await ledger();
    const key = witnessKey("witness.example/w1");
    addWitness(dir, { key, url: "https://old.example" });
    const trust = addWitness(dir, { key, url: "https://new.example" });
    expect(trust.witnesses?.map((w) => [w.key.text, w.url])).toEqual([[key.text, "https://new.example"]]);
    expect(readFileSync(join(dir, ".attribution", "trust.json"), "utf8")).toContain("https://new.example");
  });

  it("remove by key or by name (every witness of that name), and refuse a name nobody has", async () => {
    const dir = await ledger();
    const [a, b, c] = [witnessKey("w.example/a"), witnessKey("w.example/shared"), witnessKey("w.example/shared")];
    for (const key of [a, b, c]) addWitness(dir, { key });
    expect(removeWitness(dir, a.text).removed).toBe(1);
    const { removed, trust } = removeWitness(dir, "w.example/shared");
    expect([removed, trust.witnesses ?? []]).toEqual([2, []]);
    expect(() => removeWitness(dir, "w.example/a")).toThrow(
      expect.objectContaining({ code: "BAD_ARGUMENT", message: 'no witness named "w.example/a" in trust.json' }),
    );
  });
});
