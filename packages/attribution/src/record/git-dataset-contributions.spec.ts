import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createKeySigner, generateSecretKey, initLedger, openLedger, readEntries } from "@shoulders/ledger";
import { afterAll, describe, expect, it } from "vitest";
import { AttributionIndex } from "../attribution-index.js";
import { predicateValidators } from "../predicates/index.js";
import { parseAttributionConfig } from "./git-dataset-config.js";
import { gitDatasetContributions } from "./git-dataset-contributions.js";
import { gitDatasetVersions } from "./git-dataset-versions.js";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const env = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
const git = (dir: string, ...args: string[]) => execFileSync("git", args, { cwd: dir, env, encoding: "utf8" }).trim();

type Who = { name: string; email: string };
const ann: Who = { name: "Ann", email: "ann@example.org" };
const bob: Who = { name: "Bob", email: "Bob@Example.org" };
const hostile: Who = { name: "E\x1evil\x1f", email: "evil@example.org" };

function repo(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "shoulders-git-data-")));
  roots.push(dir);
  git(dir, "init", "-q");
  git(dir, "symbolic-ref", "HEAD", "refs/heads/main");
  return dir;
}

function commit(dir: string, who: Who, files: Record<string, string | null>, message = "change"): string {
  for (const [path, content] of Object.entries(files)) {
    if (content === null) git(dir, "rm", "-q", "--", path);
    else {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
      git(dir, "add", "--", path);
    }
  }
  git(dir, "-c", `user.name=${who.name}`, "-c", `user.email=${who.email}`, "commit", "-q", "--allow-empty", "-m", message);
  return git(dir, "rev-parse", "HEAD");
}

const lines = (n: number, tag = "r") => Array.from({ length: n }, (_, i) => `{"${tag}":${i}}\n`).join("");

describe("parseAttributionConfig", () => {
  it("reads the documented example, normalising the folder path", () => {
    expect(
      parseAttributionConfig("datasets:\n  - { path: ./data/, id: acme/reviews, license: cc-by-4.0, format: jsonl }\nlater: ignored\n"),
    ).toEqual({
      datasets: [{ path: "data", id: "acme/reviews", license: "cc-by-4.0", format: "jsonl" }],
      later: "ignored",
    });
    expect(parseAttributionConfig("")).toEqual({ datasets: [] });
  });

  it.each([
    [
      "a path that climbs out",
      "datasets: [{ path: ../etc, id: a/b, license: mit, format: files }]",
      /datasets\[0\]\.path: a dataset path may not contain '\.', '\.\.'/,
    ],
    [
      "an absolute path",
      "datasets: [{ path: /etc, id: a/b, license: mit, format: files }]",
      /datasets\[0\]\.path: a dataset path is a folder inside/,
    ],
    [
      "the ledger itself",
      "datasets: [{ path: .attribution/log, id: a/b, license: mit, format: files }]",
      /may not be inside \.attribution\/ or \.git\//,
    ],
    ["an unknown format", "datasets: [{ path: data, id: a/b, license: mit, format: parquet }]", /datasets\[0\]\.format: /],
    ["a missing license", "datasets: [{ path: data, id: a/b, format: csv }]", /datasets\[0\]\.license: /],
    ["an unknown field", "datasets: [{ path: data, id: a/b, license: mit, format: csv, owner: me }]", /datasets\[0\]: /],
    [
      "the same id twice",
      "datasets: [{ path: a, id: a/b, license: mit, format: csv }, { path: b, id: a/b, license: mit, format: csv }]",
      /datasets\[1\]\.id: "a\/b" is declared twice/,
    ],
    ["YAML that does not parse", "datasets: [", /is not valid YAML/],
  ])("refuses %s with one PARAMS_INVALID line", (_, text, message) => {
    expect(() => parseAttributionConfig(text)).toThrow(
      expect.objectContaining({ code: "PARAMS_INVALID", message: expect.stringMatching(message) }),
    );
  });
});

describe("gitDatasetContributions", () => {
  it("credits each author with the lines they added to .jsonl files, never subtracting, never for a rename", async () => {
    const dir = repo();
    commit(dir, ann, { "data/a.jsonl": lines(3), "README.md": "x\n" });
    commit(dir, bob, { "data/a.jsonl": lines(3) + lines(2, "b"), "data/notes.txt": "not a record\n" });
    commit(dir, ann, { "data/a.jsonl": lines(1) }); // deletes 4 lines: nobody loses credit
    git(dir, "mv", "data/a.jsonl", "data/moved.jsonl");
    commit(dir, bob, {}, "Move"); // a rename adds no rows
    commit(dir, hostile, { "data/evil.jsonl": lines(1), "outside.jsonl": lines(9) });
    const credited = await gitDatasetContributions({ repoDir: dir, range: "HEAD", path: "data", format: "jsonl" });
    expect(credited).toEqual([
      { identity: "email:ann@example.org", records: 3, commits: 1 },
      { identity: "email:bob@example.org", records: 2, commits: 1 },
      { identity: "email:evil@example.org", records: 1, commits: 1 },
    ]);
  });

  it("less a new CSV file's header; one record per added file for format files; nothing for links or binaries", async () => {
    const dir = repo();
    const first = commit(dir, ann, { "d/x.csv": "h1,h2\n1,2\n3,4\n", "d/img.png": "\x89PNG\0\x01" });
    commit(dir, bob, { "d/x.csv": "h1,h2\n1,2\n3,4\n5,6\n", "d/y.png": "\x89PNG\0\x02" });
    symlinkSync("/etc/hostname", join(dir, "d", "link.csv"));
    git(dir, "add", "d/link.csv");
    commit(dir, bob, {}, "A link");
    expect(await gitDatasetContributions({ repoDir: dir, range: "HEAD", path: "d", format: "csv" })).toEqual([
      { identity: "email:ann@example.org", records: 2, commits: 1 },
      { identity: "email:bob@example.org", records: 1, commits: 1 },
    ]);
    expect(await gitDatasetContributions({ repoDir: dir, range: "HEAD", path: "d", format: "files" })).toEqual([
      { identity: "email:ann@example.org", records: 2, commits: 1 },
      { identity: "email:bob@example.org", records: 1, commits: 1 },
    ]);
    expect(await gitDatasetContributions({ repoDir: dir, range: `${first}..HEAD`, path: "d", format: "files" })).toEqual([
      { identity: "email:bob@example.org", records: 1, commits: 1 },
    ]);
  });

  it("credits the GitHub login GitHub resolved for an address", async () => {
    const dir = repo();
    commit(dir, bob, { "data/a.jsonl": lines(4) });
    const logins = new Map([["bob@example.org", "Bobby"]]);
    expect(await gitDatasetContributions({ repoDir: dir, range: "HEAD", path: "data", format: "jsonl", logins })).toEqual([
      { identity: "github:bobby", records: 4, commits: 1 },
    ]);
  });

  it("credits no one for rows in files whose names no manifest can hold: a line break, a backslash, not UTF-8", async () => {
    const dir = repo();
    commit(dir, ann, { "data/a.jsonl": lines(2) });
    commit(dir, bob, { "data/b\nc.jsonl": lines(50), "data/d\\e.jsonl": lines(50), "data/\ufffd.jsonl": lines(50) });
    // Linux names are bytes; git stores this one as they are.
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/data/caf`), Buffer.from([0xe9, 0x2e, 0x6a, 0x73, 0x6f, 0x6e, 0x6c])]), lines(50));
    git(dir, "add", "data");
    commit(dir, bob, {}, "Not UTF-8");
    expect(await gitDatasetContributions({ repoDir: dir, range: "HEAD", path: "data", format: "jsonl" })).toEqual([
      { identity: "email:ann@example.org", records: 2, commits: 1 },
    ]);
  });

  it("refuses a range that is not one, as a coded error", async () => {
    const dir = repo();
    commit(dir, ann, { "data/a.jsonl": lines(1) });
    await expect(gitDatasetContributions({ repoDir: dir, range: "--output=/tmp/x", path: "data", format: "jsonl" })).rejects.toMatchObject({
      code: "GIT_ERROR",
    });
  });
});

describe("gitDatasetVersions", () => {
  const config = parseAttributionConfig(
    "datasets:\n  - { path: data, id: acme/reviews, license: cc-by-4.0, format: jsonl }\n  - { path: gone, id: acme/gone, license: mit, format: files }\n",
  );

  async function record(dir: string, seed: Uint8Array, head: string, fallbackBase?: string) {
    const read = readEntries({ dir, predicates: predicateValidators() });
    const index = new AttributionIndex(read.entries, read.registry);
    const versions = await gitDatasetVersions({
      repoDir: dir,
      head,
      ...(fallbackBase === undefined ? {} : { fallbackBase }),
      repository: "https://github.com/acme/sentiment",
      config,
      index,
    });
    for (const version of versions)
      if (version.kind === "new") await openLedger(dir).submit([version.outcome.statement], createKeySigner(seed));
    return versions;
  }

  it("credits the whole history first, then only what came since the last version, carrying earlier contributors over", async () => {
    const dir = repo();
    const seed = generateSecretKey();
    await initLedger({ dir, origin: "github.com/acme/sentiment/attribution", signer: createKeySigner(seed) });
    commit(dir, ann, { "data/a.jsonl": lines(3) });
    const v1head = commit(dir, bob, { "data/b.jsonl": lines(2) });
    const first = await record(dir, seed, v1head);
    expect(first.map((v) => v.kind)).toEqual(["new", "missing"]);
    expect(first[0]).toMatchObject({
      kind: "new",
      range: v1head,
      outcome: {
        predicate: {
          version: "1",
          records: 5,
          source: { uri: "git+https://github.com/acme/sentiment", revision: v1head },
          contributors: [
            { identity: "email:ann@example.org", records: 3 },
            { identity: "email:bob@example.org", records: 2 },
          ],
        },
      },
    });

    // Nothing changed in data/: known from git alone.
    const docs = commit(dir, ann, { "README.md": "docs\n" });
    expect((await record(dir, seed, docs))[0]).toMatchObject({ kind: "unchanged" });

    const v2head = commit(dir, bob, { "data/a.jsonl": lines(3) + lines(10, "more") });
    const second = await record(dir, seed, v2head, docs);
    expect(second[0]).toMatchObject({
      kind: "new",
      range: `${v1head}..${v2head}`,
      added: [{ identity: "email:bob@example.org", records: 10, commits: 1 }],
      outcome: {
        predicate: {
          version: "2",
          records: 15,
          contributors: [
            { identity: "email:ann@example.org", records: 3 },
            { identity: "email:bob@example.org", records: 12 },
          ],
        },
      },
    });
    // Recording the same tree again records nothing.
    expect((await record(dir, seed, v2head))[0]).toMatchObject({ kind: "unchanged" });
  });

  it("skips and reports, never fatally, names no manifest can hold and links, even to a file inside the folder", async () => {
    const dir = repo();
    const seed = generateSecretKey();
    await initLedger({ dir, origin: "github.com/acme/sentiment/attribution", signer: createKeySigner(seed) });
    commit(dir, ann, { "data/a.jsonl": lines(3) });
    symlinkSync("a.jsonl", join(dir, "data", "twin.jsonl"));
    git(dir, "add", "data/twin.jsonl");
    const head = commit(dir, bob, { "data/b\nc.jsonl": lines(40) }, "A link, and a name with a line break");
    const [data] = await record(dir, seed, head);
    expect(data).toMatchObject({
      kind: "new",
      skipped: [
        { path: '"b\\nc.jsonl"', reason: "the name contains a line break, which the manifest's line format cannot hold" },
        { path: "twin.jsonl", reason: "a symbolic link" },
      ],
      outcome: { predicate: { files: 1, records: 3, contributors: [{ identity: "email:ann@example.org", records: 3 }] } },
    });
  });

  it("refuses, with UNSAFE_PATH and naming nothing there, a declared folder that is or passes through a link", async () => {
    const outside = realpathSync(mkdtempSync(join(tmpdir(), "shoulders-outside-")));
    roots.push(outside);
    mkdirSync(join(outside, "reviews"));
    writeFileSync(join(outside, "reviews", "secret-name.jsonl"), lines(1));
    writeFileSync(join(outside, "secret-name.jsonl"), lines(1));
    for (const [link, declared] of [
      ["data", "data"],
      ["data", "data/reviews"],
    ] as const) {
      const dir = repo();
      const seed = generateSecretKey();
      await initLedger({ dir, origin: "github.com/acme/sentiment/attribution", signer: createKeySigner(seed) });
      symlinkSync(outside, join(dir, link));
      git(dir, "add", link);
      const head = commit(dir, ann, {}, "Link the data in");
      const read = readEntries({ dir, predicates: predicateValidators() });
      const refused = gitDatasetVersions({
        repoDir: dir,
        head,
        repository: "https://github.com/acme/sentiment",
        config: parseAttributionConfig(`datasets: [{ path: ${declared}, id: acme/reviews, license: mit, format: jsonl }]`),
        index: new AttributionIndex(read.entries, read.registry),
      });
      await expect(refused).rejects.toMatchObject({ code: "UNSAFE_PATH", message: expect.not.stringContaining("secret-name") });
    }
  });
});
