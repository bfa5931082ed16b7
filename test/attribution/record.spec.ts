import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { shoulders } from "../support/cli.js";
import { tempDir } from "../support/ledger.js";

let dir: string;
let env: Record<string, string>;
let cleanup: () => void;

function git(args: string[], author = ["Maya", "maya@acme.org"], date = "2026-11-01T10:00:00Z") {
  execFileSync("git", args, {
    cwd: dir,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: author[0],
      GIT_AUTHOR_EMAIL: author[1],
      GIT_COMMITTER_NAME: author[0],
      GIT_COMMITTER_EMAIL: author[1],
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    },
    stdio: "ignore",
  });
}

function commit(file: string, text: string, message: string, author?: string[]) {
  mkdirSync(join(dir, file, ".."), { recursive: true });
  writeFileSync(join(dir, file), text);
  git(["add", "."], author);
  git(["commit", "-q", "-m", message], author);
}

function run(args: string[], extraEnv: Record<string, string | undefined> = {}) {
  return shoulders(args, { cwd: dir, env: { ...env, ...extraEnv } });
}

function json(args: string[]) {
  const result = run([...args, "--json"]);
  expect(result.stderr).toBe("");
  expect(result.code, result.stdout).toBe(0);
  return JSON.parse(result.stdout);
}

beforeEach(() => {
  ({ dir, cleanup } = tempDir("shoulders-record-"));
  git(["init", "-q"]);
  git(["remote", "add", "origin", "https://github.com/acme/sentiment.git"]);
  commit("train.py", "print('train')\n", "Initial training code");
  commit("data/maya/rows.jsonl", '{"t":1}\n{"t":2}\n{"t":3}\n', "Maya's rows");
  commit("data/dev/rows.jsonl", '{"t":4}\n{"t":5}\n', "Dev's rows\n\nCo-authored-by: Tomo <12+tomo@users.noreply.github.com>", [
    "Dev",
    "7+dev@users.noreply.github.com",
  ]);
  writeFileSync(join(dir, "data", "dev", "labels.csv"), "id,label\n1,pos\n2,neg\n");
  shoulders(["keygen", "--out", "../maya.key"], { cwd: dir });
  env = { SHOULDERS_SIGNING_KEY: execFileSync("cat", [join(dir, "..", "maya.key")], { encoding: "utf8" }).trim() };
  expect(run(["init"]).code).toBe(0);
});

afterEach(() => cleanup());

describe("shoulders record commits", () => {
  it("records every reachable commit once, with authors, co-authors and stats", () => {
    const first = json(["record", "commits"]);
    expect(first.recorded).toBe(3);
    expect(json(["record", "commits"]).recorded).toBe(0);
    const [entry] = json(["log"]);
    expect(entry.predicateType).toBe("https://shoulders.dev/attribution/commits/v1");
    const commits = entry.statement.predicate.commits;
    expect(entry.statement.subject[0].name).toMatch(/^git\+https:\/\/github\.com\/acme\/sentiment@[0-9a-f]{40}$/);
    expect(commits[2].author.identities).toEqual(["github-id:7", "github:dev"]);
    expect(commits[2].coAuthors[0].identities).toEqual(["github-id:12", "github:tomo"]);
    expect(commits[2].stats).toEqual({ files: 1, insertions: 2, deletions: 0 });
    expect(commits[2].parents).toEqual([commits[1].sha]);

    commit("train.py", "print('train v2')\n", "Better training", ["Tomo", "tomo@acme.org"]);
    const second = json(["record", "commits"]);
    expect(second.recorded).toBe(1);
    expect(run(["verify", "--strict"]).code).toBe(0);
  });

  it("hashes e-mail addresses and drops names with --hash-emails", () => {
    json(["record", "commits", "--hash-emails"]);
    const [entry] = json(["log"]);
    const author = entry.statement.predicate.commits[0].author;
    expect(author.name).toBeUndefined();
    expect(author.identities[0]).toMatch(/^email-sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(entry)).not.toContain("maya@acme.org");
  });

  it("records only the commits of a range", () => {
    expect(json(["record", "commits", "HEAD~1..HEAD"]).recorded).toBe(1);
  });

  it("says clearly when there is no git repository", () => {
    const outside = tempDir("shoulders-nogit-");
    try {
      shoulders(["init", "--origin", "example.org/x"], { cwd: outside.dir, env });
      const result = shoulders(["record", "commits"], { cwd: outside.dir, env });
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/^NOT_A_GIT_REPOSITORY: /);
    } finally {
      outside.cleanup();
    }
  });
});

describe("shoulders record dataset, run and release", () => {
  it("walks story 3: a dataset with contributors, a run, a release and its lineage", () => {
    json(["record", "commits"]);
    const dataset = json([
      "record",
      "dataset",
      "data",
      "--id",
      "acme/reviews",
      "--license",
      "cc-by-4.0",
      "--contributor",
      "github:dev=dev/*",
      "--contributor",
      "github:Maya=maya/rows.jsonl",
    ]);
    expect(dataset.predicate).toMatchObject({
      version: "1",
      files: 3,
      records: 7,
      contributors: [
        { identity: "github:dev", records: 4 },
        { identity: "github:maya", records: 3 },
      ],
    });
    expect(json(["record", "dataset", "data", "--id", "acme/reviews"]).recorded).toBe(false);

    writeFileSync(join(dir, "data", "dev", "more.jsonl"), '{"t":6}\n');
    const v2 = json(["record", "dataset", "data", "--id", "acme/reviews", "--license", "cc-by-4.0", "--contributor", "github:dev=3"]);
    expect(v2.predicate.version).toBe("2");
    expect(v2.predicate.previous).toMatchObject({ version: "1" });

    mkdirSync(join(dir, "out"));
    writeFileSync(join(dir, "out", "model.safetensors"), Buffer.alloc(4096, 7));
    writeFileSync(join(dir, "out", "README.md"), "# card\n");
    writeFileSync(join(dir, "train.yaml"), "learning_rate: 2.0e-5\nbatch_size: 16\n");
    const runResult = json([
      "record",
      "run",
      "--id",
      "ft-2026-11",
      "--output",
      "out",
      "--base-model",
      "hf:google-bert/bert-base-uncased",
      "--dataset",
      "acme/reviews@2:epochs=3",
      "--params",
      "train.yaml",
      "--trainer",
      "github:tomo",
      "--started",
      "2026-11-03T08:00:00Z",
      "--finished",
      "2026-11-03T10:00:00Z",
    ]);
    expect(runResult.uses).toEqual([expect.objectContaining({ id: "acme/reviews", version: "2", records: 8, epochs: 3, uses: 24 })]);
    expect(runResult.code.sha).toMatch(/^[0-9a-f]{40}$/);

    json(["record", "license", "hf:google-bert/bert-base-uncased", "--license", "apache-2.0"]);
    const release = json([
      "record",
      "release",
      "out",
      "--id",
      "acme/sentiment-large",
      "--license",
      "apache-2.0",
      "--from-run",
      "ft-2026-11",
    ]);
    expect(release.predicate).toMatchObject({
      files: 1,
      relation: "finetune",
      baseModels: ["hf:google-bert/bert-base-uncased"],
      run: { id: "ft-2026-11" },
    });
    expect(json(["record", "release", "out", "--id", "acme/sentiment-large", "--license", "apache-2.0"]).recorded).toBe(false);

    const lineage = json(["lineage", "acme/sentiment-large"]);
    const labels = lineage.nodes.map((node: { label: string }) => node.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        "acme/sentiment-large",
        "ft-2026-11",
        "github:tomo",
        "hf:google-bert/bert-base-uncased",
        "acme/reviews@2",
        "acme/reviews@1",
        "github:dev",
        "github:maya",
      ]),
    );
    const mermaid = run(["lineage", "acme/sentiment-large", "--format", "mermaid"]).stdout;
    expect(mermaid.startsWith("flowchart TD\n")).toBe(true);
    expect(mermaid).toContain("trained on: 8 records × 3 epochs = 24 uses");
    // Story 1 step 5: the repository's own name shows every released model.
    expect(run(["lineage", "acme/sentiment", "--format", "mermaid"]).stdout).toContain('"acme/sentiment-large<br/>');
    const text = run(["lineage", "acme/sentiment-large"]).stdout;
    expect(text.split("\n")[0]).toContain("acme/sentiment-large (model, entry");
    const explained = run(["explain", "acme/sentiment-large"]).stdout;
    expect(explained).toContain("Run ft-2026-11");
    expect(explained).toContain("trained by github:tomo on 2026-11-03");
    expect(explained).toMatch(/github:dev \(1 commit, 2 changed lines\)/);

    const verified = json(["verify", "--strict"]);
    expect(verified.valid).toBe(true);
    expect(verified.unrecognised).toEqual({});
  });

  it("gives each bad input one line and a stable code", () => {
    mkdirSync(join(dir, "empty"));
    writeFileSync(join(dir, "bad.yaml"), "a: [1, 2\n");
    writeFileSync(join(dir, "list.yaml"), "- 1\n- 2\n");
    const cases: [string[], string][] = [
      [["record", "dataset", "empty", "--id", "x"], "EMPTY_FOLDER"],
      [["record", "dataset", "data", "--id", "x", "--contributor", "dev=3"], "BAD_ARGUMENT"],
      [["record", "dataset", "data", "--id", "x", "--contributor", "github:dev=nothing/*"], "BAD_ARGUMENT"],
      [["record", "run", "--id", "r", "--output", "data", "--dataset", "acme/unknown", "--trainer", "github:t"], "UNKNOWN_ARTIFACT"],
      [["record", "run", "--id", "r", "--output", "data", "--params", "bad.yaml", "--trainer", "github:t"], "PARAMS_INVALID"],
      [["record", "run", "--id", "r", "--output", "data", "--params", "list.yaml", "--trainer", "github:t"], "PARAMS_INVALID"],
      [["record", "run", "--id", "r", "--output", "data", "--base-model", "acme/nope", "--trainer", "github:t"], "UNKNOWN_ARTIFACT"],
      [["record", "release", "data", "--id", "m", "--license", "mit", "--from-run", "nope"], "UNKNOWN_ARTIFACT"],
      [["record", "release", "data", "--id", "m", "--license", "mit", "--relation", "sideways"], "BAD_ARGUMENT"],
      [["lineage", "nothing-here"], "UNKNOWN_ARTIFACT"],
      [["record", "bogus"], "USAGE"],
    ];
    for (const [args, code] of cases) {
      const result = run(args);
      expect(result.code, args.join(" ")).not.toBe(0);
      expect(result.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(result.stderr, args.join(" ")).toMatch(new RegExp(`^${code}: `));
    }
  });

  it("does not follow a symlink out of the folder, and says so", () => {
    symlinkSync("/etc/hostname", join(dir, "data", "escape.txt"));
    const result = run(["record", "dataset", "data", "--id", "acme/reviews"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/skipped escape\.txt: .*outside/);
    const hashed = JSON.parse(run(["hash", "data", "--json"]).stdout);
    expect(hashed.files.map((file: { path: string }) => file.path)).not.toContain("escape.txt");
  });

  it("refuses a folder that is or passes through a link below the project, and records nothing of what it points to", () => {
    // A clone can hold `lnk -> ~/.ssh`: recording lnk/keys would publish the names and digests found there.
    const outside = mkdtempSync(join(tmpdir(), "shoulders-outside-"));
    mkdirSync(join(outside, "keys"));
    writeFileSync(join(outside, "keys", "id_ed25519"), "secret\n");
    symlinkSync(outside, join(dir, "lnk"));
    const before = readFileSync(join(dir, ".attribution", "log", "000000.jsonl"), "utf8");
    const cases: [string[], string][] = [
      [["record", "dataset", "lnk/keys", "--id", "acme/leak"], "the folder lnk/keys passes through a symbolic link, lnk"],
      [["record", "release", "lnk", "--id", "acme/leak", "--license", "mit"], "the folder lnk is a symbolic link"],
      [["record", "run", "--id", "r", "--output", "lnk/keys", "--trainer", "github:t"], "the folder lnk/keys passes through"],
    ];
    for (const [args, message] of cases) {
      const result = run(args);
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.stderr, args.join(" ")).toMatch(new RegExp(`^UNSAFE_PATH: ${message}.*\n$`));
      expect(result.stderr).not.toContain("id_ed25519");
    }
    // The project reached through a link (a logical $PWD, macOS's /tmp, a cluster's home) is still the project.
    const viaLink = `${dir}-link`;
    symlinkSync(dir, viaLink);
    const throughProject = [
      shoulders(["record", "dataset", join(viaLink, "lnk", "keys"), "--id", "acme/leak"], { cwd: dir, env }),
      shoulders(["record", "release", "lnk/keys", "--id", "acme/leak", "--license", "mit", "--dir", viaLink], { cwd: viaLink, env }),
    ];
    // A ledger in a subfolder of the clone: the link sits in the clone, beside the ledger's folder.
    mkdirSync(join(dir, "ml"));
    expect(shoulders(["init", "--dir", "ml", "--origin", "github.com/acme/sentiment/ml"], { cwd: dir, env }).code).toBe(0);
    throughProject.push(shoulders(["record", "dataset", "lnk/keys", "--id", "acme/leak", "--dir", "ml"], { cwd: dir, env }));
    for (const result of throughProject) {
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(/^UNSAFE_PATH: the folder \S+ passes through a symbolic link, lnk; name the folder itself\n$/);
    }
    rmSync(viaLink);
    expect(readFileSync(join(dir, ".attribution", "log", "000000.jsonl"), "utf8")).toBe(before);
    // A folder outside the project is the user's own choice of their machine's files, named by its real path.
    expect(run(["record", "dataset", join(outside, "keys"), "--id", "acme/elsewhere"]).code).toBe(0);
    rmSync(outside, { recursive: true, force: true });
  });

  it("refuses a lineage cycle instead of looping", () => {
    mkdirSync(join(dir, "a"));
    writeFileSync(join(dir, "a", "w.bin"), "a");
    json(["record", "release", "a", "--id", "acme/a", "--license", "mit"]);
    json(["record", "release", "a", "--id", "acme/b", "--license", "mit", "--base-model", "acme/a"]);
    json(["record", "release", "a", "--id", "acme/a", "--license", "mit", "--base-model", "acme/b", "--version", "2"]);
    const result = run(["lineage", "acme/a"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^LINEAGE_CYCLE: /);
  });
});
