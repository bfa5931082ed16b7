import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { formatVerifierKey, generateSecretKey, parseTrust, publicKeyFromSecret, SIGNATURE_TYPE_COSIGNATURE_V1 } from "@shoulders/ledger";
import { createWitnessServer, FileWitnessState } from "@shoulders/witness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shoulders } from "../support/cli.js";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import { tempDir } from "../support/ledger.js";
import { commitFiles, type Fixture, git, makeFixture, maya, pushPayload, runnerCheckout, ZERO } from "./fixtures.js";
import { runAction } from "./run-action.js";

let fake: FakeGitHub;
const cleanups: (() => void)[] = [];
beforeAll(async () => {
  fake = await startFakeGitHub();
});
afterAll(async () => {
  await fake.close();
  for (const cleanup of cleanups) cleanup();
});

async function recordPush(f: Fixture, before: string, after: string) {
  return runAction("record", {
    workspace: runnerCheckout(f, after),
    eventName: "push",
    payload: pushPayload({ before, after, commits: [{ id: after, author: maya }] }),
    inputs: { "signing-key": f.key },
    apiUrl: fake.url,
    sha: after,
  });
}

function verifyPush(f: Fixture, sha: string, inputs: Record<string, string>) {
  return runAction("verify", {
    workspace: runnerCheckout(f, sha),
    eventName: "push",
    payload: pushPayload({ before: ZERO, after: sha }),
    inputs,
    apiUrl: fake.url,
    sha,
  });
}

describe("the record and verify actions with witnesses", () => {
  it("asks trust.json's witnesses to cosign what it pushed, in a second [skip ci] commit; a witness that is down only warns", async () => {
    const f = await makeFixture();
    cleanups.push(f.cleanup);
    const state = tempDir("shoulders-witness-state-");
    cleanups.push(state.cleanup);
    const name = "witness.example/w1";
    const seed = generateSecretKey();
    const verifierKey = formatVerifierKey(name, publicKeyFromSecret(seed), SIGNATURE_TYPE_COSIGNATURE_V1);
    const trust = parseTrust(readFileSync(join(f.maya, ".attribution", "trust.json")));
    const server = createWitnessServer({ signer: { name, seed }, verifierKey, logs: [trust], state: new FileWitnessState(state.dir) });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    // Maya lists the witness: a change of the root, made on the default branch.
    expect(shoulders(["witness", "add", verifierKey, "--url", url], { cwd: f.maya }).code).toBe(0);
    const first = commitFiles(f.maya, maya, "List a witness", {
      ".attribution/trust.json": readFileSync(join(f.maya, ".attribution", "trust.json")),
    });
    git(f.maya, "push", "-q", "origin", "main");

    const run = await recordPush(f, ZERO, first);
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.cosignatures).toBe("1");
    expect(git(f.remote, "log", "--format=%s", "-2", "main").split("\n")).toEqual([
      "chore(attribution): witness cosignatures [skip ci]",
      "chore(attribution): record 2 entries [skip ci]",
    ]);
    expect(run.summary).toContain("Witnesses: the checkpoint of 2 entries is cosigned by 1 of 1.");
    const view = tempDir("shoulders-remote-view-");
    cleanups.push(view.cleanup);
    git(f.root, "clone", "-q", f.remote, view.dir);
    const verified = shoulders(["verify", "--require-witness", "1", "--witness-key", verifierKey], { cwd: view.dir });
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain(`Cosigned by witness ${name}`);

    // The verify action requires the cosignature, on the pushed head and one commit before it (not yet cosigned).
    const cosignedHead = git(f.remote, "rev-parse", "main");
    const verified1 = await verifyPush(f, cosignedHead, { "require-witness": "1", "witness-keys": verifierKey });
    expect(verified1.code, verified1.stdout).toBe(0);
    expect(verified1.summary).toContain(`Witnesses: cosigned by 1 (${name}); 1 required.`);
    const recordedOnly = git(f.remote, "rev-parse", "main~1");
    const unwitnessed = await verifyPush(f, recordedOnly, { "require-witness": "1" });
    expect(unwitnessed.code).toBe(1);
    expect(unwitnessed.stdout).toMatch(/::error[^\n]*WITNESS_QUORUM/);

    // The witness goes down: the next push is still recorded, with a warning, and without cosignatures.
    await new Promise<void>((done) => server.close(() => done()));
    git(f.maya, "pull", "-q", "--ff-only", "origin", "main");
    const second = commitFiles(f.maya, maya, "Tune", { "train.py": "print('tuned')\n" });
    git(f.maya, "push", "-q", "origin", "main");
    const down = await recordPush(f, first, second);
    expect(down.code, down.stdout).toBe(0);
    expect(down.stdout).toMatch(/::warning::WITNESS_UNREACHABLE: witness witness\.example\/w1/);
    expect(down.outputs.cosignatures).toBe("0");
    expect(git(f.remote, "log", "--format=%s", "-1", "main")).toBe("chore(attribution): record 1 entry [skip ci]");
  });
});
