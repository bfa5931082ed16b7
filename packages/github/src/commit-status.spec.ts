import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Octokit } from "@octokit/rest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "../../../test/support/fake-github.js";
import { setCommitStatus } from "./commit-status.js";

const SHA = "a".repeat(40);
let fake: FakeGitHub;
let octokit: Octokit;
beforeAll(async () => {
  fake = await startFakeGitHub();
  octokit = new Octokit({ auth: "ghs_status", baseUrl: fake.url });
});
afterAll(() => fake.close());
afterEach(() => {
  expect(fake.problems()).toEqual([]);
  fake.readOnly = false;
  fake.failures = {};
});

const set = (client: Octokit = octokit) =>
  setCommitStatus({
    octokit: client,
    owner: "acme",
    repo: "sentiment",
    sha: SHA,
    state: "success",
    context: "shoulders/ledger",
    description: "d",
  });

describe("setCommitStatus", () => {
  it("sets a status with a description cut to GitHub's 140 characters, or names statuses: write", async () => {
    expect(
      await setCommitStatus({
        octokit,
        owner: "acme",
        repo: "sentiment",
        sha: SHA,
        state: "success",
        context: "shoulders/ledger",
        description: "x".repeat(200),
      }),
    ).toEqual({ kind: "set" });
    expect(fake.statuses.at(-1)).toMatchObject({ sha: SHA, state: "success", context: "shoulders/ledger" });
    expect(fake.statuses.at(-1)?.description).toHaveLength(140);
    fake.readOnly = true;
    expect(await set()).toMatchObject({ kind: "forbidden", permission: "statuses: write" });
  });

  it("reports any other HTTP failure as one line with the status and what to check, and never throws", async () => {
    fake.failures["repos/create-commit-status"] = 404;
    expect(await set()).toEqual({
      kind: "failed",
      status: 404,
      message: expect.stringMatching(
        /^Setting the commit status shoulders\/ledger on aaaaaaaaaaaa failed with HTTP 404 \(Not Found.*\)\. GitHub answers 404 when the token cannot see the repository or lacks `statuses: write`/,
      ),
    });
    fake.failures["repos/create-commit-status"] = 500;
    expect(await set()).toMatchObject({ kind: "failed", status: 500, message: expect.stringContaining("re-run the job") });
    fake.failures["repos/create-commit-status"] = 422;
    expect(await set()).toMatchObject({ kind: "failed", status: 422, message: expect.stringContaining("`statuses: write`") });
  });

  it("reports an API that does not answer at all (octokit's 500) instead of throwing", async () => {
    // A port that was just free: nothing listens, so the connection is refused.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const outcome = await set(new Octokit({ auth: "ghs_status", baseUrl: `http://127.0.0.1:${port}` }));
    expect(outcome).toMatchObject({ kind: "failed", status: 500 });
    expect(outcome.kind === "failed" && outcome.message.includes("\n")).toBe(false);
  });
});
