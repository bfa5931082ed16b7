// Inflated data credit (issue 13 §3), through the bundled record action on real pushes: a merged contributor
// reformats another's rows, pads the file with whitespace-only lines, copies and shards it, and adds rows only to
// delete them again. Credit by content gives all of it nothing, and a row deleted from the data loses its credit.
import { AttributionIndex, predicateValidators } from "@shoulders/attribution";
import { readEntries } from "@shoulders/ledger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import { tempDir } from "../support/ledger.js";
import {
  commitFiles,
  dev,
  type Fixture,
  git,
  makeFixture,
  maya,
  type Person,
  pull,
  pushPayload,
  rows,
  runnerCheckout,
  ZERO,
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

async function record(f: Fixture, before: string, authors: Person[]) {
  const after = git(f.maya, "rev-parse", "HEAD");
  git(f.maya, "push", "-q", "origin", "main");
  const run = await runAction("record", {
    workspace: runnerCheckout(f, after),
    eventName: "push",
    payload: pushPayload({ before, after, commits: authors.map((author) => ({ id: after, author })) }),
    inputs: { "signing-key": f.key },
    apiUrl: fake.url,
    sha: after,
  });
  expect(run.code, run.stdout).toBe(0);
  pull(f.maya);
  return git(f.maya, "rev-parse", "HEAD");
}

function latestVersion(f: Fixture) {
  const { dir, cleanup } = tempDir("shoulders-remote-view-");
  try {
    git(f.root, "clone", "-q", f.remote, dir);
    const read = readEntries({ dir, predicates: predicateValidators() });
    return new AttributionIndex(read.entries, read.registry).dataset("acme/reviews").predicate;
  } finally {
    cleanup();
  }
}

describe("credit by content in the record action", () => {
  it("credits reformatting, padding, copying, sharding and add-then-delete churn nothing; a deleted row loses its credit", async () => {
    const f = await makeFixture();
    fixtures.push(f);
    // Maya's 3 rows (the fixture) and 50 more, recorded.
    commitFiles(f.maya, maya, "Maya's rows", { "data/maya-2.jsonl": rows(50, "maya", 3) });
    let head = await record(f, ZERO, [maya]);
    expect(latestVersion(f)).toMatchObject({ records: 53, contributors: [{ identity: "github:maya", records: 53 }] });

    // Dev, merged: reformats Maya's rows (CRLF, trailing spaces) with whitespace-only lines between them, copies and
    // shards her file, adds 2,000 rows and deletes them again, and adds one real row.
    const before = head;
    const mayaRows = rows(50, "maya", 3);
    commitFiles(f.maya, dev, "Tidy the rows", {
      "data/maya-2.jsonl": `${mayaRows.replaceAll("\n", "  \r\n")}${"   \n\t\n".repeat(500)}`,
    });
    commitFiles(f.maya, dev, "Copy and shard", {
      "data/copy.jsonl": mayaRows,
      "data/shard-1.jsonl": mayaRows.split("\n").slice(0, 25).join("\n"),
      "data/shard-2.jsonl": mayaRows.split("\n").slice(25).join("\n"),
    });
    commitFiles(f.maya, dev, "Many rows", { "data/bulk.jsonl": rows(2000, "bulk") });
    commitFiles(f.maya, dev, "Oops, drop them", { "data/bulk.jsonl": null });
    commitFiles(f.maya, dev, "One real row", { "data/dev.jsonl": rows(1, "dev") });
    head = await record(f, before, [dev]);
    expect(latestVersion(f)).toMatchObject({
      version: "2",
      records: 54,
      contributors: [
        { identity: "github:dev", records: 1 },
        { identity: "github:maya", records: 53 },
      ],
    });

    // Maya deletes 10 of her rows: the next version credits her 10 fewer, and no one else gains.
    commitFiles(f.maya, maya, "Remove bad rows", {
      "data/maya-2.jsonl": rows(40, "maya", 3),
      "data/copy.jsonl": null,
      "data/shard-1.jsonl": null,
      "data/shard-2.jsonl": null,
    });
    await record(f, head, [maya]);
    const v3 = latestVersion(f);
    expect(v3).toMatchObject({
      version: "3",
      records: 44,
      contributors: [
        { identity: "github:dev", records: 1 },
        { identity: "github:maya", records: 43 },
      ],
    });
    expect(v3.recordRoot).toMatch(/^[0-9a-f]{64}$/);
  });
});
