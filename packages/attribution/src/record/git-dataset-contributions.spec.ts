import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createKeySigner, generateSecretKey, initLedger, openLedger, readEntries } from "@shoulders/ledger";
import { afterAll, describe, expect, it } from "vitest";
import { logSigned } from "../../../../test/support/log-registry.js";
import { AttributionIndex } from "../attribution-index.js";
import { predicateValidators } from "../predicates/index.js";
import { parseAttributionConfig } from "./git-dataset-config.js";
import { gitRecordAdders } from "./git-dataset-contributions.js";
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

/** Each identity's credit in the version at HEAD of `path`, as the record action computes it. */
async function credited(dir: string, path: string, logins?: Map<string, string>) {
  const head = git(dir, "rev-parse", "HEAD");
  const config = parseAttributionConfig(`datasets:\n  - { path: ${path}, id: acme/data, license: mit, format: jsonl }\n`);
  const [version] = await gitDatasetVersions({
    repoDir: dir,
    head,
    repository: "https://github.com/acme/sentiment",
    config,
    index: new AttributionIndex([], logSigned().registry),
    ...(logins === undefined ? {} : { logins }),
  });
  if (version?.kind !== "new") throw new Error(`no new version of ${path}`);
  return { added: version.added, records: version.outcome.predicate.records };
}

describe("credit by content in git", () => {
  it("credits each distinct record the folder holds to the author who added it first: deleted rows credit no one, moves and copies nothing", async () => {
    const dir = repo();
    commit(dir, ann, { "data/a.jsonl": lines(3), "README.md": "x\n" });
    commit(dir, bob, { "data/a.jsonl": lines(3) + lines(2, "b"), "data/notes.txt": "a file is one record\n" });
    commit(dir, ann, { "data/a.jsonl": lines(1) }); // deletes 4 rows: 2 of Ann's and Bob's 2
    git(dir, "mv", "data/a.jsonl", "data/moved.jsonl");
    commit(dir, bob, {}, "Move");
    commit(dir, hostile, { "data/evil.jsonl": lines(1), "outside.jsonl": lines(9) }); // a copy of Ann's row
    expect(await credited(dir, "data")).toEqual({
      records: 2,
      added: [
        { identity: "email:ann@example.org", records: 1, commits: 1 },
        { identity: "email:bob@example.org", records: 1, commits: 1 },
      ],
    });
  });

  it("never a .csv header; one record per other file, by content; nothing for links", async () => {
    const dir = repo();
    commit(dir, ann, { "d/x.csv": "h1,h2\n1,2\n3,4\n", "d/img.png": "\x89PNG\0\x01" });
    commit(dir, bob, { "d/x.csv": "h1,h2\n1,2\n3,4\n5,6\n", "d/y.png": "\x89PNG\0\x02", "d/img-copy.png": "\x89PNG\0\x01" });
    symlinkSync("/etc/hostname", join(dir, "d", "link.csv"));
    git(dir, "add", "d/link.csv");
    commit(dir, bob, {}, "A link");
    expect(await credited(dir, "d")).toEqual({
      records: 5,
      added: [
        { identity: "email:ann@example.org", records: 3, commits: 1 },
        { identity: "email:bob@example.org", records: 2, commits: 1 },
      ],
    });
  });

  it("credits the GitHub login GitHub resolved for an address", async () => {
    const dir = repo();
    commit(dir, bob, { "data/a.jsonl": lines(4) });
    const logins = new Map([["bob@example.org", "Bobby"]]);
    expect((await credited(dir, "data", logins)).added).toEqual([{ identity: "github:bobby", records: 4, commits: 1 }]);
  });

  it("credits no one for rows in files whose names no manifest can hold: a line break, a backslash, not UTF-8", async () => {
    const dir = repo();
    commit(dir, ann, { "data/a.jsonl": lines(2) });
    commit(dir, bob, { "data/b\nc.jsonl": lines(50, "x"), "data/d\\e.jsonl": lines(50, "y"), "data/\ufffd.jsonl": lines(50, "z") });
    // Linux names are bytes; git stores this one as they are.
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/data/caf`), Buffer.from([0xe9, 0x2e, 0x6a, 0x73, 0x6f, 0x6e, 0x6c])]), lines(50, "w"));
    git(dir, "add", "data");
    commit(dir, bob, {}, "Not UTF-8");
    expect((await credited(dir, "data")).added).toEqual([{ identity: "email:ann@example.org", records: 2, commits: 1 }]);
  });

  it("refuses a revision that is not one, as a coded error", async () => {
    const dir = repo();
    commit(dir, ann, { "data/a.jsonl": lines(1) });
    await expect(gitRecordAdders({ repoDir: dir, revisions: ["--output=/tmp/x"], path: "data" })).rejects.toMatchObject({
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

  it("credits the whole version each time, by content, and records nothing for a folder that did not change", async () => {
    const dir = repo();
    const seed = generateSecretKey();
    await initLedger({ dir, origin: "github.com/acme/sentiment/attribution", signer: createKeySigner(seed) });
    commit(dir, ann, { "data/a.jsonl": lines(3) });
    const v1head = commit(dir, bob, { "data/b.jsonl": lines(2, "b") });
    const first = await record(dir, seed, v1head);
    expect(first.map((v) => v.kind)).toEqual(["new", "missing"]);
    expect(first[0]).toMatchObject({
      kind: "new",
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
      // Commits this ledger had not recorded: here, every one (only `shoulders record commits` records them).
      added: [
        { identity: "email:ann@example.org", records: 3, commits: 1 },
        { identity: "email:bob@example.org", records: 12, commits: 2 },
      ],
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
