/**
 * A trusted checkpoint never hides an unauthorised entry: the verify action pins the base branch's checkpoint on a
 * pull request, and used to pass a main branch that was already broken. It must check every entry, signatures
 * included, and use the base checkpoint only for the append-only proof.
 */
import { writeFileSync } from "node:fs";
import {
  createKeySigner,
  encodeStatement,
  generateSecretKey,
  keyIdOf,
  layoutOf,
  openLedger,
  publicKeyFromSecret,
  segmentPath,
  serializeEnvelope,
  signEnvelope,
} from "@shoulders/ledger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import { bound, noteStatement, signHeadByHand } from "../support/ledger.js";
import {
  commitFiles,
  dev,
  type Fixture,
  git,
  makeFixture,
  maya,
  mergeCheckout,
  openPullRequest,
  pullRequestPayload,
  rows,
} from "./fixtures.js";
import { runAction } from "./run-action.js";

let fake: FakeGitHub;
const fixtures: Fixture[] = [];
beforeAll(async () => {
  fake = await startFakeGitHub();
});
afterAll(async () => {
  await fake.close();
  for (const fixture of fixtures) fixture.cleanup();
});

describe("the verify action on a pull request against a broken main", () => {
  it("fails on the unauthorised entry the base checkpoint covers, naming it", async () => {
    const f = await makeFixture();
    fixtures.push(f);
    // Main holds an entry signed by a key revoked before it, under a checkpoint the log key signed over it.
    const contributor = generateSecretKey();
    await openLedger(f.maya).addSigner(createKeySigner(f.seed), {
      publicKey: publicKeyFromSecret(contributor),
      identity: "github:dev",
      roles: [],
    });
    await openLedger(f.maya).revokeSigner(createKeySigner(f.seed), { keyid: keyIdOf(publicKeyFromSecret(contributor)) });
    const late = await signEnvelope(encodeStatement(bound(noteStatement("after the revocation"))), [createKeySigner(contributor)]);
    writeFileSync(segmentPath(layoutOf(f.maya), 0), `${serializeEnvelope(late)}\n`, { flag: "a" });
    signHeadByHand(f.maya, f.seed);
    git(f.maya, "add", ".attribution");
    commitFiles(f.maya, maya, "Ledger", {});
    git(f.maya, "push", "-q", "origin", "main");

    const pull = openPullRequest(f, 7, (dir) => {
      commitFiles(dir, dev, "More rows", { "data/dev.jsonl": rows(10, "dev") });
    });
    const run = await runAction("verify", {
      workspace: mergeCheckout(f, 7),
      eventName: "pull_request",
      payload: pullRequestPayload({
        number: 7,
        base: { ref: "main", sha: git(f.remote, "rev-parse", "main") },
        head: { ref: "more", sha: pull.head, repo: "dev/sentiment" },
      }),
      apiUrl: fake.url,
      ref: "refs/pull/7/merge",
    });
    expect(run.code).toBe(1);
    expect(run.outputs.valid).toBe("false");
    expect(run.annotations).toContainEqual(
      expect.objectContaining({
        level: "error",
        message: expect.stringMatching(/^KEY_REVOKED: entry 2 is signed only by key [0-9a-f]{16}…, revoked at entry 1$/),
        properties: expect.objectContaining({ file: ".attribution/log/000000.jsonl", line: "3" }),
      }),
    );
  });
});
