// Credit by content and provable credit (issue 13 §3, §4), through the CLI in real child processes: declared counts
// that exceed the records, copies that a glob would credit twice, record proofs made from the data and checked against
// the ledger alone, and a version that credits more than it holds, which verify and split name.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DATASET_PREDICATE_TYPE } from "@shoulders/attribution";
import { STATEMENT_TYPE } from "@shoulders/ledger";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { shoulders } from "../support/cli.js";
import { tempDir } from "../support/ledger.js";

let dir: string;
let env: Record<string, string>;
let cleanup: () => void;

const run = (args: string[]) => shoulders(args, { cwd: dir, env });

function json(args: string[]) {
  const result = run([...args, "--json"]);
  expect(result.stderr).toBe("");
  expect(result.code, result.stdout).toBe(0);
  return JSON.parse(result.stdout);
}

function expectOneLineError(result: { code: number; stderr: string }, code: string): string {
  expect(result.code).not.toBe(0);
  const lines = result.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^${code}: `));
  return lines[0] as string;
}

const rows = (count: number, tag: string) => Array.from({ length: count }, (_, i) => `{"text":"${tag} ${i}","label":${i % 2}}\n`).join("");

beforeEach(() => {
  ({ dir, cleanup } = tempDir("shoulders-credit-"));
  execFileSync("git", ["init", "-q"], { cwd: dir });
  execFileSync("git", ["remote", "add", "origin", "https://github.com/acme/sentiment.git"], { cwd: dir });
  mkdirSync(join(dir, "data"));
  writeFileSync(join(dir, "data", "dev.jsonl"), rows(50, "dev"));
  expect(shoulders(["keygen", "--out", "maya.key"], { cwd: dir }).code).toBe(0);
  env = { SHOULDERS_SIGNING_KEY: readFileSync(join(dir, "maya.key"), "utf8").trim() };
  expect(run(["init"]).code).toBe(0);
});
afterEach(() => cleanup());

describe("credit by content: record dataset", () => {
  it("refuses a declared count above the version's records, naming the flag, and records nothing", () => {
    const result = run(["record", "dataset", "data", "--id", "acme/reviews", "--contributor", "github:x=90000"]);
    const line = expectOneLineError(result, "BAD_ARGUMENT");
    expect(line).toContain("--contributor credit 90000 records, but");
    expect(line).toContain("holds 50 distinct records");
    expect(run(["log", "--json"]).stdout).not.toContain(DATASET_PREDICATE_TYPE);
  });

  it("marks a declared count as declared, and commits to the distinct records with their root", () => {
    const { predicate } = json(["record", "dataset", "data", "--id", "acme/reviews", "--contributor", "github:x=50"]);
    expect(predicate.records).toBe(50);
    expect(predicate.recordRoot).toMatch(/^[0-9a-f]{64}$/);
    expect(predicate.contributors).toEqual([{ identity: "github:x", records: 50, declared: true }]);
  });

  it("credits a copy, a CRLF reformat and padding with whitespace-only lines nothing: each distinct record once, to the first glob", () => {
    const copied = rows(50, "dev").replaceAll("\n", "  \r\n");
    writeFileSync(join(dir, "data", "copy.jsonl"), `${copied}\n \t\n\n${copied}`);
    writeFileSync(join(dir, "data", "shard-1.jsonl"), rows(50, "dev").split("\n").slice(0, 25).join("\n"));
    const { predicate } = json([
      "record",
      "dataset",
      "data",
      "--id",
      "acme/reviews",
      "--contributor",
      "github:dev=dev.jsonl",
      "--contributor",
      "github:copier=[cs]*.jsonl",
    ]);
    expect(predicate.records).toBe(50);
    expect(predicate.contributors).toEqual([
      { identity: "github:copier", records: 0 },
      { identity: "github:dev", records: 50 },
    ]);
  });
});

describe("provable credit: shoulders prove record", () => {
  function recordVersion() {
    writeFileSync(join(dir, "data", "labels.csv"), "id,label\n1,pos\n2,neg\n");
    writeFileSync(join(dir, "data", "photo.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    return json(["record", "dataset", "data", "--id", "acme/reviews", "--contributor", "github:dev=dev.jsonl"]);
  }

  it("makes a short proof from the data that anyone checks against the ledger alone; a line, a record's text and a whole file", () => {
    const recorded = recordVersion();
    expect(recorded.predicate.records).toBe(53);
    const made = run(["prove", "record", "acme/reviews@1", "--data", "data", "--file", "data/dev.jsonl", "--line", "7"]);
    expect(made.stderr).toBe("");
    expect(made.code).toBe(0);
    const proof = JSON.parse(made.stdout);
    expect(proof).toMatchObject({ dataset: "acme/reviews", version: "1", treeSize: 53, root: recorded.predicate.recordRoot });
    expect(proof.path).toHaveLength(6); // ⌈log2 53⌉ steps of 32 bytes: short whatever the dataset's size
    expect(Buffer.from(proof.record, "base64").toString()).toBe('{"text":"dev 6","label":0}');
    writeFileSync(join(dir, "proof.json"), made.stdout);

    // Checked in another folder holding only a copy of the ledger: no data.
    const { dir: elsewhere, cleanup: done } = tempDir("shoulders-check-");
    try {
      execFileSync("cp", ["-r", join(dir, ".attribution"), join(elsewhere, ".attribution")]);
      const checked = shoulders(["prove", "record", "--check", join(dir, "proof.json")], { cwd: elsewhere });
      expect(checked.stderr).toBe("");
      expect(checked.stdout).toContain(`the record is leaf ${proof.leafIndex} of the 53 records of acme/reviews@1`);
      expect(checked.stdout).toContain('record: "{\\"text\\":\\"dev 6\\",\\"label\\":0}"');
    } finally {
      done();
    }

    const byText = JSON.parse(
      run(["prove", "record", "acme/reviews@1", "--data", "data", "--record", '{"text":"dev 6","label":0}  \r\n']).stdout,
    );
    expect(byText).toEqual(proof);
    const csvRow = JSON.parse(
      run(["prove", "record", "acme/reviews@1", "--data", "data", "--file", "data/labels.csv", "--line", "3"]).stdout,
    );
    writeFileSync(join(dir, "csv.json"), JSON.stringify(csvRow));
    expect(json(["prove", "record", "--check", "csv.json"])).toMatchObject({
      valid: true,
      record: Buffer.from("2,neg").toString("base64"),
    });
    const photo = JSON.parse(run(["prove", "record", "acme/reviews@1", "--data", "data", "--file", "data/photo.png"]).stdout);
    writeFileSync(join(dir, "photo.json"), JSON.stringify(photo));
    expect(json(["prove", "record", "--check", "photo.json"]).valid).toBe(true);
  });

  it("refuses a tampered proof with one PROOF_INVALID line, whatever was changed", () => {
    recordVersion();
    const proof = JSON.parse(
      run(["prove", "record", "acme/reviews@1", "--data", "data", "--file", "data/dev.jsonl", "--line", "7"]).stdout,
    );
    const flip = (hex: string) => `${hex[0] === "0" ? "1" : "0"}${hex.slice(1)}`;
    const tampered: Record<string, unknown>[] = [
      { ...proof, record: Buffer.from('{"text":"dev 6","label":1}').toString("base64") },
      { ...proof, record: Buffer.from('{"text":"not in the data"}').toString("base64") },
      { ...proof, path: [flip(proof.path[0]), ...proof.path.slice(1)] },
      { ...proof, path: proof.path.slice(1) },
      { ...proof, leafIndex: proof.leafIndex + 1 },
      { ...proof, treeSize: proof.treeSize + 1 },
      { ...proof, root: flip(proof.root) },
      { ...proof, entry: proof.entry + 1 },
      { ...proof, path: "not a list" },
    ];
    for (const [i, document] of tampered.entries()) {
      writeFileSync(join(dir, `tampered-${i}.json`), JSON.stringify(document));
      const line = expectOneLineError(run(["prove", "record", "--check", `tampered-${i}.json`]), "PROOF_INVALID");
      expect(line, JSON.stringify(document)).not.toMatch(/\n\s+at /);
    }
    writeFileSync(join(dir, "garbage.json"), "{ not json");
    expectOneLineError(run(["prove", "record", "--check", "garbage.json"]), "PROOF_INVALID");
    // No proof for a record the version does not hold, nor from data that is not the version's.
    expectOneLineError(run(["prove", "record", "acme/reviews@1", "--data", "data", "--record", "made up"]), "BAD_ARGUMENT");
    writeFileSync(join(dir, "data", "dev.jsonl"), rows(51, "dev"));
    expectOneLineError(
      run(["prove", "record", "acme/reviews@1", "--data", "data", "--record", '{"text":"dev 50","label":0}']),
      "MANIFEST_MISMATCH",
    );
  });
});

describe("an over-credited version", () => {
  it("is flagged OVER_CREDITED by verify (an error with --strict) and on its payout paths by split", () => {
    // What credit by lines added once signed: 100,001 credited records in a 1,004-record version.
    const statement = {
      _type: STATEMENT_TYPE,
      subject: [{ name: "manifest", digest: { sha256: "a".repeat(64) } }],
      predicateType: DATASET_PREDICATE_TYPE,
      predicate: {
        id: "acme/reviews",
        version: "1",
        files: 1,
        bytes: 100,
        records: 1004,
        contributors: [
          { identity: "github:dev", records: 100_001 },
          { identity: "github:maya", records: 1000 },
        ],
      },
    };
    writeFileSync(join(dir, "statement.json"), JSON.stringify(statement));
    expect(run(["append", "statement.json"]).code).toBe(0);
    const verified = run(["verify", "--json"]);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout).warnings).toEqual([
      expect.objectContaining({
        code: "PREDICATE_INVALID",
        message: expect.stringMatching(/^OVER_CREDITED: acme\/reviews@1 \(entry \d+\) credits 101001 records but holds 1004$/),
      }),
    ]);
    expectOneLineError(run(["verify", "--strict"]), "PREDICATE_INVALID");

    mkdirSync(join(dir, "out"));
    writeFileSync(join(dir, "out", "model.safetensors"), Buffer.alloc(64, 7));
    json([
      "record",
      "run",
      "--id",
      "ft",
      "--output",
      "out",
      "--dataset",
      "acme/reviews@1",
      "--trainer",
      "github:tomo",
      "--started",
      "2026-11-03T08:00:00Z",
      "--finished",
      "2026-11-03T10:00:00Z",
    ]);
    json(["record", "release", "out", "--id", "acme/model", "--license", "apache-2.0", "--from-run", "ft"]);
    const split = json(["split", "--artifact", "acme/model", "--amount", "100.00", "--currency", "USD"]);
    const steps = split.payouts.flatMap((payout: { paths: { steps: string[] }[] }) => payout.paths.flatMap((path) => path.steps));
    expect(steps).toContainEqual(
      expect.stringMatching(
        /^github:dev: 100001 of 101001 records \(OVER_CREDITED: acme\/reviews@1 \(entry \d+\) credits 101001 records but holds 1004\)$/,
      ),
    );
  });
});
