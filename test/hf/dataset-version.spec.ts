/** One builder of dataset versions: a Hub revision and a folder of the same files give the same statement. */
import { AttributionIndex, datasetStatement, predicateValidators } from "@shoulders/attribution";
import { hubDatasetStatement } from "@shoulders/hf";
import { readEntries } from "@shoulders/ledger";
import { describe, expect, it } from "vitest";
import type { FakeHub } from "../support/fake-hub.js";
import { download, fakeHub, ledger, reader } from "./helpers.js";

function index(dir: string): AttributionIndex {
  const { entries, registry } = readEntries({ dir, predicates: predicateValidators() });
  return new AttributionIndex(entries, registry);
}

function dataset(hub: FakeHub, license: string): void {
  hub.createRepo("dataset", "acme/reviews", {
    "README.md": `---\nlicense: ${license}\n---\n# Reviews\n`,
    // Listed in an order that is not the manifest's.
    "data/z.png": Buffer.alloc(64, 1),
    "data/b.jsonl": '{"t":1}\n\n  \r\n{"t":2}\n',
    "data/a.csv": "id,label\r\n1,pos\r\n2,neg\r\n",
  });
}

describe("hf dataset and record dataset build one statement", () => {
  it("gives a Hub revision and a folder of the same files the same subjects, license, records and contributors", async () => {
    const hub = await fakeHub();
    dataset(hub, "apache-2.0");
    const { dir } = await ledger();
    const contributors = [{ identity: "github:dev", glob: "data/*.jsonl" }];
    const fromHub = await hubDatasetStatement(reader(hub), { name: "acme/reviews", contributors, index: index(dir) });
    const fromFolder = await datasetStatement({
      dir: download(hub, "dataset", "acme/reviews"),
      id: "acme/reviews",
      license: "apache-2.0",
      contributors,
      index: index(dir),
    });
    if (fromHub.kind !== "new" || fromFolder.kind !== "new") throw new Error("expected new versions");
    expect(fromHub.statement.subject).toEqual(fromFolder.statement.subject);
    const { version: _v1, source: _s1, ...hubPredicate } = fromHub.predicate;
    const { version: _v2, source: _s2, ...folderPredicate } = fromFolder.predicate;
    expect(hubPredicate).toEqual(folderPredicate);
    expect(hubPredicate).toMatchObject({
      license: "Apache-2.0",
      // 2 rows in each line file, 1 for every other file (the card, the image, the Hub's .gitattributes).
      records: 2 + 2 + (hubPredicate.files - 2),
      contributors: [{ identity: "github:dev", records: 2 }],
    });
    expect(fromHub.notes).toEqual([]);
  });

  it("spells --license as record dataset does, and refuses one that is no license", async () => {
    const hub = await fakeHub();
    dataset(hub, "apache-2.0");
    const { dir } = await ledger();
    const outcome = await hubDatasetStatement(reader(hub), { name: "acme/reviews", license: "mit OR cc-by-4.0", index: index(dir) });
    if (outcome.kind !== "new") throw new Error("expected a new version");
    expect(outcome.predicate.license).toBe("MIT OR CC-BY-4.0");
    await expect(
      hubDatasetStatement(reader(hub), { name: "acme/reviews", license: "my own terms", index: index(dir) }),
    ).rejects.toMatchObject({
      code: "BAD_ARGUMENT",
    });
  });

  it("leaves out a card license the checks cannot read, and says so, instead of recording it as written", async () => {
    for (const license of ["other", "Not-A-License-1.0"]) {
      const hub = await fakeHub();
      dataset(hub, license);
      const { dir } = await ledger();
      const outcome = await hubDatasetStatement(reader(hub), { name: "acme/reviews", index: index(dir) });
      if (outcome.kind !== "new") throw new Error("expected a new version");
      expect(outcome.predicate.license, license).toBeUndefined();
      expect(outcome.notes, license).toEqual([expect.stringContaining(`declares the license "${license}"`)]);
      expect(outcome.notes[0]).toContain("shoulders record license acme/reviews");
    }
  });
});
