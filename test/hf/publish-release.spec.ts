/** publishRelease: the release commit, then the witnesses, on a branch only; only a refusal counts against the ledger. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { publishRelease } from "@shoulders/hf";
import {
  createKeySigner,
  formatVerifierKey,
  generateSecretKey,
  layoutOf,
  openLedger,
  parseTrust,
  parseVerifierKey,
  publicKeyFromSecret,
  readTrustBytes,
  SIGNATURE_TYPE_COSIGNATURE_V1,
} from "@shoulders/ledger";
import { createWitnessServer, FileWitnessState } from "@shoulders/witness";
import { afterEach, describe, expect, it } from "vitest";
import { WRITE_TOKEN } from "../support/fake-hub.js";
import { fakeHub, folder, ledger } from "./helpers.js";

const REPO = "acme/sentiment-large";
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise<void>((done) => server.close(() => done()));
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A ledger whose trust.json lists one witness at `url`, and the keys to sign and cosign. */
async function witnessedLedger(name: string) {
  const { dir, seed } = await ledger();
  const witnessSeed = generateSecretKey();
  const verifierKey = formatVerifierKey(name, publicKeyFromSecret(witnessSeed), SIGNATURE_TYPE_COSIGNATURE_V1);
  return { dir, signer: createKeySigner(seed), witnessSeed, verifierKey };
}

function listWitness(dir: string, verifierKey: string, url: string): void {
  openLedger(dir).addWitness({ key: parseVerifierKey(verifierKey, SIGNATURE_TYPE_COSIGNATURE_V1), url });
}

describe("publishRelease", () => {
  it("on a branch, has the new checkpoint cosigned and committed on top of the release", async () => {
    const hub = await fakeHub();
    hub.createRepo("model", REPO);
    const name = "witness.example/w1";
    const { dir, signer, witnessSeed, verifierKey } = await witnessedLedger(name);
    const trust = parseTrust(readTrustBytes(layoutOf(dir)));
    const url = await listen(
      createWitnessServer({ signer: { name, seed: witnessSeed }, verifierKey, logs: [trust], state: new FileWitnessState(folder()) }),
    );
    listWitness(dir, verifierKey, url);
    const published = await publishRelease({
      repo: REPO,
      folder: folder({ "model.safetensors": Buffer.alloc(3000, 4) }),
      credentials: { hubUrl: hub.url, accessToken: WRITE_TOKEN, env: {} },
      license: "apache-2.0",
      ledgerDir: dir,
      signer,
    });
    expect(published.refused).toBe(false);
    expect(published.witnesses).toMatchObject({ cosigned: 1, written: true, commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(published.upload.release.recorded).toBe(true);
    expect(hub.commitCount("model", REPO)).toBe(3);
  });

  it("for a pull request, asks no witness: the pull request's checkpoint is not the branch's", async () => {
    const hub = await fakeHub();
    hub.createRepo("model", REPO);
    const { dir, signer, verifierKey } = await witnessedLedger("witness.example/w2");
    let asked = 0;
    const counting = createServer((_request, response) => {
      asked++;
      response.writeHead(500).end();
    });
    listWitness(dir, verifierKey, await listen(counting));
    const published = await publishRelease({
      repo: REPO,
      folder: folder({ "model.safetensors": Buffer.alloc(3000, 4) }),
      credentials: { hubUrl: hub.url, accessToken: WRITE_TOKEN, env: {} },
      license: "apache-2.0",
      pr: true,
      ledgerDir: dir,
      signer,
    });
    expect(published.upload.commit.pullRequestUrl).toMatch(/\/discussions\/1$/);
    expect([published.witnesses, published.refused, asked]).toEqual([undefined, false, 0]);
  });

  it("says when a witness refused (it saw another history), and the release still stands", async () => {
    const hub = await fakeHub();
    hub.createRepo("model", REPO);
    const { dir, signer, verifierKey } = await witnessedLedger("witness.example/w3");
    listWitness(dir, verifierKey, await listen(createServer((_request, response) => response.writeHead(422).end("inconsistent\n"))));
    const published = await publishRelease({
      repo: REPO,
      folder: folder({ "model.safetensors": Buffer.alloc(3000, 4) }),
      credentials: { hubUrl: hub.url, accessToken: WRITE_TOKEN, env: {} },
      license: "apache-2.0",
      ledgerDir: dir,
      signer,
    });
    expect(published.refused).toBe(true);
    expect(published.witnesses?.witnesses).toEqual([expect.objectContaining({ ok: false, code: "WITNESS_REFUSED" })]);
    expect(published.upload.release.recorded).toBe(true);
    expect(hub.commitCount("model", REPO)).toBe(2);
  });
});
