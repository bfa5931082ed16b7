/** Story 3 with a witness: the upload's checkpoint is cosigned after the release commit, and the Hub copy carries it. */
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { formatVerifierKey, generateSecretKey, parseTrust, publicKeyFromSecret, SIGNATURE_TYPE_COSIGNATURE_V1 } from "@shoulders/ledger";
import { createWitnessServer, FileWitnessState } from "@shoulders/witness";
import { describe, expect, it } from "vitest";
import { shoulders, shouldersAsync } from "../support/cli.js";
import { WRITE_TOKEN } from "../support/fake-hub.js";
import { download, fakeHub, folder, writeFiles } from "./helpers.js";

const cli = (args: string[], cwd: string, env: Record<string, string>) => shouldersAsync(args, { cwd, env });

describe("hf upload with a witness", () => {
  it("cosigns the release's checkpoint after the release commit, and a downloader can require the cosignature", async () => {
    const hub = await fakeHub();
    const dir = folder();
    expect(shoulders(["keygen", "--out", "maya.key"], { cwd: dir }).code).toBe(0);
    const env = { SHOULDERS_SIGNING_KEY: readFileSync(join(dir, "maya.key"), "utf8").trim(), HF_ENDPOINT: hub.url, HF_TOKEN: WRITE_TOKEN };
    expect(shoulders(["init", "--origin", "github.com/acme/sentiment/attribution"], { cwd: dir, env }).code).toBe(0);
    writeFiles(join(dir, "out"), { "model.safetensors": Buffer.alloc(3000, 4), "config.json": "{}\n" });
    hub.createRepo("model", "acme/sentiment-large");

    const name = "witness.example/w1";
    const seed = generateSecretKey();
    const verifierKey = formatVerifierKey(name, publicKeyFromSecret(seed), SIGNATURE_TYPE_COSIGNATURE_V1);
    const trust = parseTrust(readFileSync(join(dir, ".attribution", "trust.json")));
    const state = folder();
    const server = createWitnessServer({ signer: { name, seed }, verifierKey, logs: [trust], state: new FileWitnessState(state) });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect(shoulders(["witness", "add", verifierKey, "--url", url], { cwd: dir }).code).toBe(0);

      const upload = await cli(["hf", "upload", "out", "--repo", "acme/sentiment-large", "--license", "apache-2.0"], dir, env);
      expect(upload.code, upload.stderr).toBe(0);
      expect(upload.stdout).toContain(`✓ witness ${name} cosigned the checkpoint`);
      expect(upload.stdout).toMatch(/Published the checkpoint with 1 cosignature\(s\) in commit [0-9a-f]{7}\./);
      // The release commit, then the cosigned checkpoint on top of it.
      expect(hub.commitCount("model", "acme/sentiment-large")).toBe(3);

      const verified = await cli(
        ["hf", "verify", "acme/sentiment-large", "--require-witness", "1", "--witness-key", verifierKey],
        dir,
        env,
      );
      expect(verified.code, verified.stderr).toBe(0);
      const copy = download(hub, "model", "acme/sentiment-large");
      const offline = shoulders(
        ["verify", "--dir", copy, "--release", "acme/sentiment-large", "--require-witness", "1", "--witness-key", verifierKey],
        {
          cwd: dir,
        },
      );
      expect(offline.code, offline.stderr).toBe(0);
      expect(offline.stdout).toContain(`Cosigned by witness ${verifierKey}`);
    } finally {
      await new Promise<void>((done) => server.close(() => done()));
    }

    // With the witness gone, an upload still succeeds; it says the checkpoint is not cosigned, and pushes nothing more.
    writeFiles(join(dir, "out"), { "config.json": '{"v":2}\n' });
    const again = await cli(["hf", "upload", "out", "--repo", "acme/sentiment-large", "--license", "apache-2.0"], dir, env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/^WITNESS_UNREACHABLE: witness witness\.example\/w1/m);
    expect(hub.commitCount("model", "acme/sentiment-large")).toBe(4);
  });
});
