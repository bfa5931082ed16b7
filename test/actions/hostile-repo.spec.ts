/**
 * A repository turned against the actions by what it commits: a planted hash cache, a dataset file name with a line
 * break, a dataset folder that is a link out of the repository. Each runs the bundled actions as the runner does.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import {
  commitFiles,
  dev,
  type Fixture,
  git,
  makeFixture,
  maya,
  openPullRequest,
  type Person,
  pull,
  pullRequestPayload,
  pushPayload,
  rows,
  runnerCheckout,
  ZERO,
} from "./fixtures.js";
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

async function fixture(options?: Parameters<typeof makeFixture>[0]): Promise<Fixture> {
  const made = await makeFixture(options);
  fixtures.push(made);
  return made;
}

function record(f: Fixture, before: string, after: string, author: Person = maya): Promise<ActionRun> {
  return runAction("record", {
    workspace: runnerCheckout(f, after),
    eventName: "push",
    payload: pushPayload({ before, after, commits: [{ id: after, author }] }),
    inputs: { "signing-key": f.key, "commit-status": "false" },
    apiUrl: fake.url,
    sha: after,
  });
}

const main = (f: Fixture) => git(f.remote, "rev-parse", "main");
const warnings = (run: ActionRun) => run.annotations.filter((a) => a.level === "warning").map((a) => a.message);

describe("a repository that commits what the actions read", () => {
  it("a hash cache committed as a link to /dev/zero is never read (it used to end every push in std::bad_alloc), nor written", async () => {
    const f = await fixture();
    mkdirSync(join(f.maya, ".attribution", ".state"));
    symlinkSync("/dev/zero", join(f.maya, ".attribution", ".state", "hash-cache.json"));
    git(f.maya, "add", "--force", ".attribution/.state/hash-cache.json");
    const planted = commitFiles(f.maya, maya, "Plant a cache", { "data/more.jsonl": rows(2, "maya") });
    git(f.maya, "push", "-q", "origin", "main");

    const first = await record(f, ZERO, planted);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    pull(f.maya);
    const next = commitFiles(f.maya, maya, "More rows", { "data/later.jsonl": rows(3, "later") });
    git(f.maya, "push", "-q", "origin", "main");
    const second = await record(f, git(f.maya, "rev-parse", "HEAD~1"), next);
    expect(second.code).toBe(0);
    // "more.jsonl" repeats two of the first version's rows: distinct records count once (docs/revenue-split.md).
    expect(second.stdout).toContain("acme/reviews@2: 6 records in 3 files");
    // The bot's commits leave the planted link as it was: nothing was written through it or over it.
    expect(git(f.remote, "ls-tree", "main", "--", ".attribution/.state/hash-cache.json")).toMatch(/^120000 blob /);
    expect(git(f.remote, "show", "main:.attribution/.state/hash-cache.json")).toBe("/dev/zero");
  }, 60_000);

  it("a dataset file named with a line break fails neither the PR bot, nor the merge push, nor any later push", async () => {
    const f = await fixture();
    const base = main(f);
    expect((await record(f, ZERO, base)).code).toBe(0);
    pull(f.maya);
    const recorded = main(f);

    const pr = openPullRequest(f, 21, (dir) => {
      commitFiles(dir, dev, "Add rows, one file badly named", {
        "data/dev.jsonl": rows(4, "dev"),
        "data/evil\nname.jsonl": rows(500, "evil"),
      });
    });
    const comment = await runAction("lineage-comment", {
      workspace: runnerCheckout(f, recorded),
      eventName: "pull_request_target",
      payload: pullRequestPayload({
        number: 21,
        base: { ref: "main", sha: recorded },
        head: { ref: "more-data", sha: pr.head, repo: "dev/sentiment" },
      }),
      apiUrl: fake.url,
      ref: "refs/pull/21/merge",
    });
    expect(comment.stderr).toBe("");
    expect(comment.code).toBe(0);
    const body = fake.comments.find((c) => c.issue === 21)?.body as string;
    expect(body).toContain("a name that contains a line break");
    // The preview credits only the rows the merge push will record: 4, not 504.
    expect(body).toMatch(/\| acme\/reviews \| 1 → 2 \| 7 \|/);
    expect(body).not.toContain("evil\nname");

    // The merge push: the bad file is skipped with one warning that names it on one line, and the rest is recorded.
    git(pr.dir, "push", "-q", "origin", "HEAD:main");
    const merged = await record(f, recorded, pr.head, dev);
    expect(merged.stderr).toBe("");
    expect(merged.code).toBe(0);
    expect(warnings(merged)).toEqual([
      `In data (acme/reviews), "evil\\nname.jsonl" was not recorded: the name contains a line break, which the manifest's line format cannot hold.`,
    ]);
    expect(merged.stdout).toContain("acme/reviews@2: 7 records in 2 files; added by github:dev (4).");

    // An unrelated later push.
    pull(f.maya);
    const before = main(f);
    const later = commitFiles(f.maya, maya, "Docs", { "README.md": "# sentiment\n\nDocs.\n" });
    git(f.maya, "push", "-q", "origin", "main");
    const next = await record(f, before, later);
    expect(next.code).toBe(0);
    expect(next.outputs.entries).toBe("1");
  }, 60_000);

  it("a dataset folder committed as a link out of the repository: UNSAFE_PATH, and nothing of what it points to is published", async () => {
    const f = await fixture({ data: false });
    const outside = join(f.root, "runner-home");
    mkdirSync(outside);
    writeFileSync(join(outside, "id_ed25519-private-notes.jsonl"), rows(1, "secret"));
    symlinkSync(outside, join(f.maya, "data"));
    git(f.maya, "add", "data");
    const after = commitFiles(f.maya, maya, "Link the data in", {});
    git(f.maya, "push", "-q", "origin", "main");

    const run = await record(f, ZERO, after);
    expect(run.code).toBe(1);
    const errors = run.annotations.filter((a) => a.level === "error").map((a) => a.message);
    expect(errors).toEqual([expect.stringMatching(/^UNSAFE_PATH: the dataset folder data is a symbolic link; declare the folder itself$/)]);
    expect(`${run.stdout}${run.summary}`).not.toContain("id_ed25519");
    expect(main(f)).toBe(after);
  }, 60_000);
});
