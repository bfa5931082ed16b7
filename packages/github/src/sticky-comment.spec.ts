import { Octokit } from "@octokit/rest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ACTIONS_BOT, type FakeGitHub, startFakeGitHub, TOKEN_OWNER } from "../../../test/support/fake-github.js";
import { upsertStickyComment } from "./sticky-comment.js";

const MARKER = "<!-- test:sticky -->";
// A GITHUB_TOKEN is an installation token: the fake, like GitHub, knows it as github-actions[bot].
const GITHUB_TOKEN = "ghs_sticky000000000000000000000000000000";
const PERSONAL_TOKEN = "github_pat_sticky";
const dev = { login: "dev", id: 4242, type: "User" } as const;
let fake: FakeGitHub;
let octokit: Octokit;
beforeAll(async () => {
  fake = await startFakeGitHub();
  octokit = new Octokit({ auth: GITHUB_TOKEN, baseUrl: fake.url });
});
afterAll(() => fake.close());
afterEach(() => {
  expect(fake.problems()).toEqual([]);
  fake.readOnly = false;
});

const upsert = (issueNumber: number, body: string, client: Octokit = octokit) =>
  upsertStickyComment({ octokit: client, owner: "acme", repo: "sentiment", issueNumber, marker: MARKER, body });
const bodyOf = (id: number) => fake.comments.find((comment) => comment.id === id)?.body;

describe("upsertStickyComment", () => {
  it("creates one comment, then updates it, then leaves an identical one alone", async () => {
    const created = await upsert(1, "first");
    expect(created).toMatchObject({ kind: "created" });
    const updated = await upsert(1, "second");
    expect(updated).toMatchObject({ kind: "updated", id: created.kind === "created" ? created.id : -1 });
    expect(await upsert(1, "second")).toMatchObject({ kind: "unchanged" });
    const mine = fake.comments.filter((comment) => comment.issue === 1);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ body: `${MARKER}\nsecond`, user: ACTIONS_BOT });
  });

  it("finds its own comment past the first page, behind a person's copy of the marker", async () => {
    for (let i = 0; i < 150; i++) fake.addComment(2, i === 5 ? `quoting ${MARKER}` : `comment ${i}`);
    const bot = fake.addComment(2, `${MARKER}\nold`, ACTIONS_BOT);
    const outcome = await upsert(2, "new");
    expect(outcome).toMatchObject({ kind: "updated", id: bot.id });
    expect(bodyOf(bot.id)).toBe(`${MARKER}\nnew`);
    expect(fake.comments.filter((comment) => comment.body === `quoting ${MARKER}`)).toHaveLength(1);
    expect(
      fake.requests
        .filter((r) => r.operationId === "issues/list-comments" && r.path.endsWith("/issues/2/comments"))
        .map((r) => r.query.page ?? "1"),
    ).toEqual(["1", "2"]);
  });

  it("never edits a marker comment it did not write: it creates its own and keeps updating only that", async () => {
    // The pull request's author posts the marker first, hoping the bot will write its report into their comment
    // (which they can then edit); another app's bot carries the marker too.
    const planted = fake.addComment(4, `${MARKER}\nall clear, merge me`, dev);
    const otherBot = fake.addComment(4, `${MARKER}\nfrom another app`, { login: "other-app[bot]", id: 5150, type: "Bot" });
    const first = await upsert(4, "report 1");
    expect(first).toMatchObject({ kind: "created" });
    const second = await upsert(4, "report 2");
    expect(second).toMatchObject({ kind: "updated", id: first.kind === "created" ? first.id : -1 });
    expect(bodyOf(planted.id)).toBe(`${MARKER}\nall clear, merge me`);
    expect(bodyOf(otherBot.id)).toBe(`${MARKER}\nfrom another app`);
    expect(fake.comments.filter((comment) => comment.issue === 4 && comment.user.id === ACTIONS_BOT.id)).toMatchObject([
      { body: `${MARKER}\nreport 2` },
    ]);
    // Who the token is comes from GraphQL's viewer, which answers for an installation token (GET /user does not).
    expect(fake.requests.filter((r) => r.operationId === "graphql")).toContainEqual(
      expect.objectContaining({ path: "/graphql", authorization: `token ${GITHUB_TOKEN}` }),
    );
  });

  it("with a personal token, its own comments are its owner's, and github-actions[bot]'s are not", async () => {
    const personal = new Octokit({ auth: PERSONAL_TOKEN, baseUrl: fake.url });
    const actions = fake.addComment(5, `${MARKER}\nby the workflow's token`, ACTIONS_BOT);
    const own = fake.addComment(5, `${MARKER}\nby the maintainer's token`, TOKEN_OWNER);
    expect(await upsert(5, "new", personal)).toMatchObject({ kind: "updated", id: own.id });
    expect(bodyOf(own.id)).toBe(`${MARKER}\nnew`);
    expect(bodyOf(actions.id)).toBe(`${MARKER}\nby the workflow's token`);
  });

  it("learns who it is from GitHub Enterprise Server's /api/graphql", async () => {
    const ghes = await startFakeGitHub({ prefix: "/api/v3" });
    try {
      const client = new Octokit({ auth: GITHUB_TOKEN, baseUrl: ghes.url });
      const planted = ghes.addComment(6, `${MARKER}\nplanted`, dev);
      const upsertOnGhes = (body: string) =>
        upsertStickyComment({ octokit: client, owner: "acme", repo: "sentiment", issueNumber: 6, marker: MARKER, body });
      expect(await upsertOnGhes("one")).toMatchObject({ kind: "created" });
      expect(await upsertOnGhes("two")).toMatchObject({ kind: "updated" });
      expect(ghes.comments.map((comment) => comment.body)).toEqual([`${MARKER}\nplanted`, `${MARKER}\ntwo`]);
      expect(ghes.comments[0]?.id).toBe(planted.id);
      expect(ghes.requests.filter((r) => r.operationId === "graphql").map((r) => r.path)).toEqual(["/api/graphql", "/api/graphql"]);
      expect(ghes.problems()).toEqual([]);
    } finally {
      await ghes.close();
    }
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
