/** `shoulders hf …` and `shoulders verify` as real processes, against the fake Hub on 127.0.0.1. */
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CliResult, shoulders, shouldersAsync } from "../support/cli.js";
import { READ_TOKEN, sha256, WRITE_TOKEN } from "../support/fake-hub.js";
import { fakeHub, folder, ledgerSnapshot, MODEL_CARD, treeSize, writeFiles } from "./helpers.js";

/** `shoulders` in a child process, asynchronously: the fake Hub answers from this process's event loop. */
function cli(args: string[], options: { cwd: string; env?: Record<string, string | undefined> }): Promise<CliResult> {
  return shouldersAsync(args, { cwd: options.cwd, env: { HF_TOKEN: undefined, HF_ENDPOINT: undefined, ...options.env } });
}

function expectOneLineError(result: CliResult, code: string, exit: number): void {
  expect(result.code, result.stderr).toBe(exit);
  const lines = result.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^${code}: `));
  expect(result.stderr).not.toContain(WRITE_TOKEN);
  expect(result.stderr).not.toContain(READ_TOKEN);
}

/** A maintainer's folder with a log key and a ledger, and a trained model in out/. */
function workspace(): { dir: string; env: Record<string, string> } {
  const dir = folder();
  expect(shoulders(["keygen", "--out", "maya.key"], { cwd: dir }).code).toBe(0);
  const env = { SHOULDERS_SIGNING_KEY: readFileSync(join(dir, "maya.key"), "utf8").trim() };
  expect(shoulders(["init", "--origin", "github.com/acme/sentiment/attribution"], { cwd: dir, env }).code).toBe(0);
  writeFiles(join(dir, "out"), { "model.safetensors": Buffer.alloc(3000, 4), "config.json": "{}\n", "tokenizer/vocab.txt": "a\nb\n" });
  return { dir, env };
}

describe("shoulders hf, in real processes", () => {
  it("story 3 and 4: hf model, hf dataset, record run, hf upload, hf verify and verify --dir --release", async () => {
    const hub = await fakeHub();
    hub.createRepo("model", "google-bert/bert-base-uncased", { "README.md": "---\nlicense: apache-2.0\n---\n# BERT\n" });
    hub.createRepo("dataset", "acme/reviews", {
      "README.md": "---\nlicense: cc-by-4.0\n---\n",
      "train.jsonl": { content: "1\n2\n", lfs: true },
    });
    hub.tag("dataset", "acme/reviews", "v2");
    hub.createRepo("model", "acme/sentiment-large", { "README.md": MODEL_CARD });
    const { dir, env } = workspace();
    const all = { ...env, HF_ENDPOINT: hub.url, HF_TOKEN: WRITE_TOKEN };

    const model = await cli(["hf", "model", "google-bert/bert-base-uncased"], { cwd: dir, env: all });
    expect(model.code, model.stderr).toBe(0);
    expect(model.stdout).toMatch(/hf:google-bert\/bert-base-uncased@[0-9a-f]{12} \(apache-2\.0\)/);
    expect(model.stdout).toContain("Use it as --base-model hf:google-bert/bert-base-uncased");

    const data = await cli(["hf", "dataset", "acme/reviews", "--revision", "v2", "--hub-url", hub.url], { cwd: dir, env: { ...env } });
    expect(data.code, data.stderr).toBe(0);
    expect(data.stdout).toMatch(/acme\/reviews@[0-9a-f]{12} from acme\/reviews@[0-9a-f]{12}: 3 files, 3 records, license CC-BY-4.0/);
    expect(hub.requestsTo(/\/resolve\/.*train\.jsonl$/)).toEqual([]);

    const run = shoulders(
      [
        "record",
        "run",
        "--id",
        "ft-2026-11",
        "--base-model",
        "hf:google-bert/bert-base-uncased",
        "--dataset",
        "acme/reviews:epochs=3",
        "--output",
        "out",
        "--trainer",
        "github:tomo",
      ],
      { cwd: dir, env },
    );
    expect(run.code, run.stderr).toBe(0);

    const upload = await cli(
      ["hf", "upload", "out", "--repo", "acme/sentiment-large", "--license", "apache-2.0", "--from-run", "ft-2026-11"],
      { cwd: dir, env: all },
    );
    expect(upload.code, upload.stderr).toBe(0);
    expect(upload.stdout).toMatch(
      /Uploaded 3 file\(s\) to acme\/sentiment-large with the model card and the ledger, in one commit [0-9a-f]{7}/,
    );
    expect(upload.stdout).toContain("as entry 4; the checkpoint covers 5 entries");
    expect(hub.requestsTo(/\/commit\//, "POST")).toHaveLength(1);

    const verified = await cli(["hf", "verify", "acme/sentiment-large", "--hub-url", hub.url], { cwd: dir });
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(
      /^Hub: acme\/sentiment-large@[0-9a-f]{12}; downloaded \d+ small file\(s\), \d+ bytes, and no weights\.$/m,
    );
    expect(verified.stdout).toMatch(/^Valid: github\.com\/acme\/sentiment\/attribution, 5 entries committed/m);
    expect(verified.stdout).toContain(
      "Release acme/sentiment-large (entry 4, Apache-2.0), found by its model card: all 3 file(s) match the signed release.",
    );
    // Nobody cosigned this checkpoint, so a verifier who requires a witness refuses it, with the same code as verify.
    const unwitnessed = await cli(["hf", "verify", "acme/sentiment-large", "--hub-url", hub.url, "--require-witness", "1"], { cwd: dir });
    expect(unwitnessed.code).toBe(1);
    expect(unwitnessed.stderr).toMatch(
      /^WITNESS_QUORUM: the checkpoint is cosigned by 0 of the 0 witness\(es\) you chose; 1 required \(name the witnesses you trust with --witness-key\)$/m,
    );

    // Ana downloads it with any Hub client: here, into the layout of the Hugging Face cache, with symlinks to blobs.
    const cache = join(folder(), "models--acme--sentiment-large");
    const snapshot = join(cache, "snapshots", hub.head("model", "acme/sentiment-large"));
    for (const [path, content] of hub.files("model", "acme/sentiment-large")) {
      writeFiles(join(cache, "blobs"), { [sha256(content)]: content });
      mkdirSync(join(snapshot, path, ".."), { recursive: true });
      symlinkSync(join(cache, "blobs", sha256(content)), join(snapshot, path));
    }
    const local = shoulders(["verify", "--dir", snapshot, "--release", "acme/sentiment-large"], { cwd: dir });
    expect(local.code, local.stderr).toBe(0);
    expect(local.stdout).toContain("Release acme/sentiment-large (entry 4, Apache-2.0), found by its release id: all 3 file(s) match");

    rmSync(join(snapshot, "config.json"));
    writeFileSync(join(snapshot, "config.json"), "{}\n{}\n");
    const tampered = shoulders(["verify", "--dir", snapshot, "--release", "acme/sentiment-large"], { cwd: dir });
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain("CHANGED_FILE: config.json does not match its signed sha256");

    hub.pushFiles("model", "acme/sentiment-large", { "tokenizer/vocab.txt": "a\nb\nc\n" }, ["config.json"]);
    const broken = await cli(["hf", "verify", "acme/sentiment-large", "--hub-url", hub.url], { cwd: dir });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("MISSING_FILE: config.json is in the signed release but not here");
    expect(broken.stderr).toContain("CHANGED_FILE: tokenizer/vocab.txt does not match its signed sha256");
    expect(broken.stdout).toMatch(/^INVALID: 2 problem\(s\) found\.$/m);
    const json = JSON.parse((await cli(["hf", "verify", "acme/sentiment-large", "--hub-url", hub.url, "--json"], { cwd: dir })).stdout);
    expect(json).toMatchObject({ valid: false, files: { missing: ["config.json"], changed: ["tokenizer/vocab.txt"] } });
  });

  it("bad input: one coded line each, and the ledger stays valid with no new entry", async () => {
    const hub = await fakeHub();
    hub.createRepo("model", "acme/m");
    const { dir, env } = workspace();
    const before = ledgerSnapshot(dir);
    const upload = (repo: string, token: string | undefined, extra: Record<string, string> = {}) =>
      cli(["hf", "upload", "out", "--repo", repo, "--license", "apache-2.0", "--hub-url", hub.url], {
        cwd: dir,
        env: { ...env, HF_TOKEN: token, ...extra },
      });

    expectOneLineError(await upload("acme/m", undefined), "KEY_MISSING", 3);
    expectOneLineError(await upload("acme/m", "hf_revoked"), "KEY_INVALID", 3);
    expectOneLineError(await upload("acme/m", "not-a-token"), "KEY_INVALID", 3);
    expectOneLineError(await upload("acme/m", READ_TOKEN), "UNAUTHORISED_SIGNER", 1);
    expectOneLineError(await upload("acme/missing", WRITE_TOKEN), "UNKNOWN_ARTIFACT", 1);
    expectOneLineError(await upload("../x", WRITE_TOKEN), "BAD_ARGUMENT", 2);
    hub.failNextCommit("before-apply");
    const dropped = await upload("acme/m", WRITE_TOKEN);
    expectOneLineError(dropped, "IO_ERROR", 3);
    expect(dropped.stderr).toMatch(/network error.*no release was recorded and the ledger is unchanged/);
    expectOneLineError(await cli(["hf", "dataset", "acme/../x"], { cwd: dir, env }), "BAD_ARGUMENT", 2);
    expectOneLineError(await cli(["hf", "verify", "acme/m", "--hub-url", "ftp://x"], { cwd: dir }), "BAD_ARGUMENT", 2);
    expectOneLineError(await cli(["hf", "frobnicate"], { cwd: dir }), "USAGE", 2);

    expect(hub.commitCount("model", "acme/m")).toBe(1);
    expect(ledgerSnapshot(dir)).toEqual(before);
    expect(treeSize(dir)).toBe(0);
    expect(shoulders(["verify"], { cwd: dir }).code).toBe(0);
    const verify = await cli(["hf", "verify", "acme/m", "--hub-url", hub.url], { cwd: dir });
    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(/acme\/m has no \.attribution\/ ledger/);
  });

  it("refuses the rotated-out log key in one line, before anything is hashed or sent (story 6)", async () => {
    const hub = await fakeHub();
    hub.createRepo("model", "acme/m");
    const { dir, env } = workspace();
    expect(shoulders(["keygen", "--out", "next.key"], { cwd: dir }).code).toBe(0);
    expect(shoulders(["trust", "rotate", "--new-key", "next.key"], { cwd: dir, env }).code).toBe(0);
    const before = ledgerSnapshot(dir);
    // The old secret is still configured, as it was in the report.
    const upload = await cli(["hf", "upload", "out", "--repo", "acme/m", "--license", "apache-2.0", "--hub-url", hub.url], {
      cwd: dir,
      env: { ...env, HF_TOKEN: WRITE_TOKEN },
    });
    expectOneLineError(upload, "KEY_REVOKED", 1);
    expect(upload.stderr).toMatch(/rotated out of the log at entry 0 .*SHOULDERS_SIGNING_KEY/);
    expect(hub.commitCount("model", "acme/m")).toBe(1);
    expect(ledgerSnapshot(dir)).toEqual(before);
    expect(shoulders(["verify", "--strict"], { cwd: dir }).code).toBe(0);
  });

  it("--help teaches every subcommand", async () => {
    const help = await cli(["hf", "--help"], { cwd: folder() });
    expect(help.code).toBe(0);
    for (const text of [
      "hf upload DIR --repo ORG/NAME",
      "hf dataset ORG/NAME",
      "hf model ORG/NAME",
      "hf verify ORG/NAME",
      "HF_TOKEN",
      "HF_ENDPOINT",
      "ONE commit",
    ]) {
      expect(help.stdout).toContain(text);
    }
  });
});
