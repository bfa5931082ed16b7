import { Octokit } from "@octokit/rest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "../../../test/support/fake-github.js";
import { setCommitStatus } from "./commit-status.js";
import { upsertStickyComment } from "./sticky-comment.js";

const MARKER = "<!-- test:sticky -->";
let fake: FakeGitHub;
let octokit: Octokit;
beforeAll(async () => {
  fake = await startFakeGitHub();
  octokit = new Octokit({ auth: "test-token", baseUrl: fake.url });
});
afterAll(() => fake.close());
afterEach(() => {
  expect(fake.problems()).toEqual([]);
  fake.readOnly = false;
});

const upsert = (issueNumber: number, body: string) =>
  upsertStickyComment({ octokit, owner: "acme", repo: "sentiment", issueNumber, marker: MARKER, body });

describe("upsertStickyComment", () => {
  it("creates one comment, then updates it, then leaves an identical one alone", async () => {
    const created = await upsert(1, "first");
    expect(created).toMatchObject({ kind: "created" });
    const updated = await upsert(1, "second");
    expect(updated).toMatchObject({ kind: "updated", id: created.kind === "created" ? created.id : -1 });
    expect(await upsert(1, "second")).toMatchObject({ kind: "unchanged" });
    const mine = fake.comments.filter((comment) => comment.issue === 1);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.body).toBe(`${MARKER}\nsecond`);
  });

  it("finds its comment past the first page, and prefers the bot's over a person's copy of the marker", async () => {
    for (let i = 0; i < 150; i++) fake.addComment(2, i === 5 ? `quoting ${MARKER}` : `comment ${i}`);
    const bot = fake.addComment(2, `${MARKER}\nold`, { login: "github-actions[bot]", type: "Bot" });
    const outcome = await upsert(2, "new");
    expect(outcome).toMatchObject({ kind: "updated", id: bot.id });
    expect(fake.comments.find((comment) => comment.id === bot.id)?.body).toBe(`${MARKER}\nnew`);
    expect(
      fake.requests
        .filter((r) => r.operationId === "issues/list-comments" && r.path.endsWith("/issues/2/comments"))
        .map((r) => r.query.page ?? "1"),
    ).toEqual(["1", "2"]);
  });

  it("turns a read-only token's 403 into an outcome that names the permission", async () => {
    fake.readOnly = true;
    const outcome = await upsert(3, "report");
    expect(outcome).toEqual({
      kind: "forbidden",
      permission: "pull-requests: write",
      message: expect.stringMatching(
        /^Commenting on the pull request was refused \(Resource not accessible by integration.*\): the token needs `pull-requests: write`/,
      ),
    });
    expect(fake.comments.filter((comment) => comment.issue === 3)).toEqual([]);
  });
});

describe("setCommitStatus", () => {
  it("sets a status with a description cut to GitHub's 140 characters, or names statuses: write", async () => {
    const sha = "a".repeat(40);
    expect(
      await setCommitStatus({
        octokit,
        owner: "acme",
        repo: "sentiment",
        sha,
        state: "success",
        context: "shoulders/ledger",
        description: "x".repeat(200),
      }),
    ).toEqual({ kind: "set" });
    expect(fake.statuses.at(-1)).toMatchObject({ sha, state: "success", context: "shoulders/ledger" });
    expect(fake.statuses.at(-1)?.description).toHaveLength(140);
    fake.readOnly = true;
    expect(
      await setCommitStatus({ octokit, owner: "acme", repo: "sentiment", sha, state: "success", context: "c", description: "d" }),
    ).toMatchObject({
      kind: "forbidden",
      permission: "statuses: write",
    });
  });
});
