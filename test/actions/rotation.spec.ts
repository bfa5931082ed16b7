/**
 * Story 6 through the bundled actions as the runner runs them: Maya rotates the log key with the CLI, and a push made
 * before she updated the repository secret must be refused in one line, writing nothing, so nothing else breaks.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatSecretKey, generateSecretKey } from "@shoulders/ledger";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { shoulders } from "../support/cli.js";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import { tempDir } from "../support/ledger.js";
import { commitFiles, type Fixture, git, makeFixture, maya, pull, pushPayload, rows, runnerCheckout, ZERO } from "./fixtures.js";
import { type ActionRun, runAction } from "./run-action.js";

let fake: FakeGitHub;
const fixtures: Fixture[] = [];
beforeAll(async () => {
  fake = await startFakeGitHub();
});
afterAll(async () => {
  await fake.close();
  for (const fixture of fixtures) fixture.cleanup();
});
afterEach(() => {
  expect(fake.problems()).toEqual([]);
});

function record(f: Fixture, before: string, after: string, key: string): Promise<ActionRun> {
  return runAction("record", {
    workspace: runnerCheckout(f, after),
    eventName: "push",
    payload: pushPayload({ before, after, commits: [{ id: after, author: maya }] }),
    inputs: { "signing-key": key },
    apiUrl: fake.url,
    sha: after,
  });
}

function verifyRemote(f: Fixture): { code: number; stdout: string; stderr: string } {
  const { dir, cleanup } = tempDir("shoulders-remote-view-");
  try {
    git(f.root, "clone", "-q", f.remote, dir);
    return shoulders(["verify", "--strict"], { cwd: dir });
  } finally {
    cleanup();
  }
}

describe("story 6: the record key is rotated while the old secret is still configured", () => {
  it("refuses the old key in one line and writes nothing; the new key records, and the ledger stays valid", async () => {
    const f = await makeFixture();
    fixtures.push(f);
    const first = git(f.maya, "rev-parse", "HEAD");
    expect((await record(f, ZERO, first, f.key)).code).toBe(0);

    // Maya rotates on her machine, with the old key, and pushes the new root.
    pull(f.maya);
    const next = generateSecretKey();
    writeFileSync(join(f.maya, "next.key"), formatSecretKey(next), { mode: 0o600 });
    const rotated = shoulders(["trust", "rotate", "--new-key", "next.key"], { cwd: f.maya, env: { SHOULDERS_SIGNING_KEY: f.key } });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toContain("rotated out at entry 2");
    expect(rotated.stdout + rotated.stderr).not.toContain(f.key);
    git(f.maya, "add", ".attribution");
    const rotation = commitFiles(f.maya, maya, "Rotate the log key", {});
    git(f.maya, "push", "-q", "origin", "main");
    expect(verifyRemote(f).code).toBe(0);

    // The next push runs before the secret was updated.
    const change = commitFiles(f.maya, maya, "More data", { "data/reviews.jsonl": rows(5, "maya") });
    git(f.maya, "push", "-q", "origin", "main");
    const stale = await record(f, rotation, change, f.key);
    expect(stale.code).toBe(1);
    const errors = stale.annotations.filter((a) => a.level === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/^KEY_REVOKED: .*rotated out of the log at entry 2 .*SHOULDERS_SIGNING_KEY/);
    // The runner masks what ::add-mask:: names; nothing else may carry the key.
    const leaks = `${stale.stdout}\n${stale.stderr}`.split("\n").filter((line) => line.includes(f.key));
    expect(leaks.every((line) => line.startsWith("::add-mask::"))).toBe(true);
    expect(git(f.remote, "rev-parse", "main")).toBe(change);
    expect(verifyRemote(f).code).toBe(0);

    // With the new secret, the same push is recorded, and everything verifies.
    const fresh = await record(f, rotation, change, formatSecretKey(next));
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(verifyRemote(f)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Valid: /) });
  });
});
