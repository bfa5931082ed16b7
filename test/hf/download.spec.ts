/**
 * Story 4: Ana downloads acme/sentiment-large with any Hub client and checks it. `shoulders verify --dir` on the
 * download checks the model's files by default, says who built it from what under which license, and says whether
 * the root of trust was pinned; `explain --dir` tells the story; `hf verify` agrees without the weights.
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CliResult, shoulders, shouldersAsync } from "../support/cli.js";
import { type FakeHub, sha256, WRITE_TOKEN } from "../support/fake-hub.js";
import { download, fakeHub, folder, MODEL_CARD, writeFiles } from "./helpers.js";

function cli(args: string[], options: { cwd: string; env?: Record<string, string | undefined> }): Promise<CliResult> {
  return shouldersAsync(args, { cwd: options.cwd, env: { HF_TOKEN: undefined, HF_ENDPOINT: undefined, ...options.env } });
}

/** Tomo's story 3, ended by one `hf upload`; returns the maintainer's folder (which holds the pinned trust.json). */
async function published(hub: FakeHub, origin = "github.com/acme/sentiment/attribution"): Promise<string> {
  hub.createRepo("model", "acme/sentiment-large", { "README.md": MODEL_CARD });
  const dir = folder();
  expect(shoulders(["keygen", "--out", "maya.key"], { cwd: dir }).code).toBe(0);
  const env = { SHOULDERS_SIGNING_KEY: readFileSync(join(dir, "maya.key"), "utf8").trim() };
  expect(shoulders(["init", "--origin", origin], { cwd: dir, env }).code).toBe(0);
  writeFiles(join(dir, "data"), { "reviews.jsonl": '{"text":"good","label":1}\n{"text":"bad","label":0}\n' });
  expect(shoulders(["record", "dataset", "data", "--id", "acme/reviews", "--license", "cc-by-4.0"], { cwd: dir, env }).code).toBe(0);
  writeFiles(join(dir, "out"), { "model.safetensors": Buffer.alloc(3000, 4), "config.json": "{}\n", "tokenizer/vocab.txt": "a\nb\n" });
  const run = shoulders(
    ["record", "run", "--id", "ft-2026-11", "--dataset", "acme/reviews:epochs=3", "--output", "out", "--trainer", "github:tomo"],
    { cwd: dir, env },
  );
  expect(run.code, run.stderr).toBe(0);
  const upload = await cli(
    ["hf", "upload", "out", "--repo", "acme/sentiment-large", "--license", "apache-2.0", "--from-run", "ft-2026-11"],
    {
      cwd: dir,
      env: { ...env, HF_ENDPOINT: hub.url, HF_TOKEN: WRITE_TOKEN },
    },
  );
  expect(upload.code, upload.stderr).toBe(0);
  return dir;
}

/** The layout of the Hugging Face cache: snapshots/REV holds symlinks into ../../blobs. */
function cacheSnapshot(hub: FakeHub): string {
  const cache = join(folder(), "models--acme--sentiment-large");
  const snapshot = join(cache, "snapshots", hub.head("model", "acme/sentiment-large"));
  for (const [path, content] of hub.files("model", "acme/sentiment-large")) {
    writeFiles(join(cache, "blobs"), { [sha256(content)]: content });
    mkdirSync(join(snapshot, path, ".."), { recursive: true });
    symlinkSync(join(cache, "blobs", sha256(content)), join(snapshot, path));
  }
  return snapshot;
}

describe("story 4: verifying a downloaded model checks the model", () => {
  it("says who built it from what under which license, and fails on a changed, missing or unexpected file", async () => {
    const hub = await fakeHub();
    const maintainer = await published(hub);
    const snapshot = cacheSnapshot(hub);
    const elsewhere = folder();

    const good = shoulders(["verify", "--dir", snapshot], { cwd: elsewhere });
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/^Valid: github\.com\/acme\/sentiment\/attribution, \d+ entries committed/m);
    expect(good.stdout).toContain(
      "Release acme/sentiment-large (entry 2, Apache-2.0), found by its model card: all 3 file(s) match the signed release.",
    );
    expect(good.stdout).toMatch(/Built by github:tomo in run ft-2026-11 \(entry 1\) on https:\/\/shoulders\.dev\/builders\/cli#/);
    expect(good.stdout).toContain("From dataset acme/reviews@1 (2 records × 3 epochs).");
    expect(good.stdout).toContain("Root of trust: self-asserted.");
    expect(good.stdout).toContain("--trust trust.json");
    expect(good.stdout + good.stderr).not.toMatch(/shoulders init/);

    const pinned = shoulders(["verify", "--dir", snapshot, "--trust", join(maintainer, ".attribution", "trust.json")], { cwd: elsewhere });
    expect(pinned.code, pinned.stderr).toBe(0);
    expect(pinned.stdout).toContain("Root of trust: pinned (--trust)");

    const json = JSON.parse(shoulders(["verify", "--dir", snapshot, "--json"], { cwd: elsewhere }).stdout);
    expect(json).toMatchObject({
      valid: true,
      root: "self-asserted",
      release: { artifact: "acme/sentiment-large", foundBy: "model card", license: "Apache-2.0", run: { trainer: "github:tomo" } },
      files: { ok: true },
    });

    const explained = shoulders(["explain", "acme/sentiment-large", "--dir", snapshot], { cwd: elsewhere });
    expect(explained.code, explained.stderr).toBe(0);
    expect(explained.stdout).toContain("acme/sentiment-large is a model released under Apache-2.0");

    // One changed file, one removed, one added: each is named by its own code, and the exit code is 1.
    const config = join(snapshot, "config.json");
    rmSync(config);
    writeFileSync(config, "{}\n{}\n");
    rmSync(join(snapshot, "tokenizer", "vocab.txt"));
    writeFileSync(join(snapshot, "extra.bin"), "x");
    const tampered = shoulders(["verify", "--dir", snapshot], { cwd: elsewhere });
    expect(tampered.code).toBe(1);
    expect(tampered.stderr.trim().split("\n").sort()).toEqual([
      "CHANGED_FILE: config.json does not match its signed sha256",
      "EXTRA_FILE: extra.bin is not in the signed release",
      "MISSING_FILE: tokenizer/vocab.txt is in the signed release but not here",
    ]);
    expect(tampered.stdout).toMatch(/^INVALID: 3 problem\(s\) found\.$/m);
  });

  it("finds the release by its manifest when the card is gone, and never calls a changed copy checked", async () => {
    const hub = await fakeHub();
    await published(hub);
    // A plain folder: a cache snapshot names its repository, and is checked as hf verify checks that repository.
    const copy = download(hub, "model", "acme/sentiment-large");
    rmSync(join(copy, "README.md"));
    const found = shoulders(["verify", "--dir", copy], { cwd: copy });
    expect(found.code, found.stderr).toBe(0);
    expect(found.stdout).toContain("found by its manifest: all 3 file(s) match");
    rmSync(join(copy, "config.json"));
    writeFileSync(join(copy, "config.json"), "[]\n");
    // Same count and size, other bytes: no release matches. The ledger is valid, but the copy is a model whose files
    // nobody checked, and the verdict says so; --strict refuses it.
    const unchecked =
      "RELEASE_NOT_FOUND: this folder holds files that releases of this ledger sign (config.json and 2 more), but no " +
      "model card pins a release and no release's files match its files: the files were NOT checked, only the ledger; " +
      "pass --release ID to compare them with a release";
    const other = shoulders(["verify", "--dir", copy], { cwd: copy });
    expect(other.code).toBe(0);
    expect(other.stdout).not.toContain("Release ");
    expect(other.stderr).toBe(`warning ${unchecked}\n`);
    const strict = shoulders(["verify", "--dir", copy, "--strict"], { cwd: copy });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe(`${unchecked}\n`);
    const named = shoulders(["verify", "--dir", copy, "--release", "acme/sentiment-large"], { cwd: copy });
    expect(named.code).toBe(1);
    expect(named.stderr).toBe("CHANGED_FILE: config.json does not match its signed sha256\n");
  });

  it("never calls checked a copy whose card lost its attribution block and whose files changed", async () => {
    const hub = await fakeHub();
    await published(hub);
    const copy = download(hub, "model", "acme/sentiment-large");
    const card = readFileSync(join(copy, "README.md"), "utf8");
    writeFileSync(join(copy, "README.md"), card.replace(/^attribution:\n(?: .*\n)+/m, ""));
    writeFileSync(join(copy, "config.json"), '{"model_type": "evil"}\n');
    const result = shoulders(["verify", "--dir", copy, "--json"], { cwd: copy });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).warnings.map((warning: { code: string }) => warning.code)).toContain("RELEASE_NOT_FOUND");
  });

  it("refuses a card that pins another ledger, or a release this ledger does not hold", async () => {
    const hub = await fakeHub();
    await published(hub);
    const snapshot = cacheSnapshot(hub);
    const card = readFileSync(join(snapshot, "README.md"), "utf8");
    rmSync(join(snapshot, "README.md"));
    writeFileSync(join(snapshot, "README.md"), card.replace(/entry: \d+/, "entry: 1"));
    const wrongEntry = shoulders(["verify", "--dir", snapshot], { cwd: snapshot });
    expect(wrongEntry.code).toBe(1);
    expect(wrongEntry.stderr).toMatch(/^UNKNOWN_ARTIFACT: the model card pins release acme\/sentiment-large at entry 1/m);
    rmSync(join(snapshot, "README.md"));
    writeFileSync(join(snapshot, "README.md"), card.replace("github.com/acme/sentiment/attribution", "github.com/mallory/x/attribution"));
    const otherLedger = shoulders(["verify", "--dir", snapshot], { cwd: snapshot });
    expect(otherLedger.code).toBe(1);
    expect(otherLedger.stderr).toMatch(/^CARD_INVALID: the model card pins the ledger github\.com\/mallory\/x\/attribution/m);
  });

  it("hf verify says plainly when the root is self-asserted, as for another project's origin", async () => {
    const hub = await fakeHub();
    await published(hub, "github.com/someone-else/famous-model/attribution");
    const at = folder();
    const verified = await cli(["hf", "verify", "acme/sentiment-large", "--hub-url", hub.url], { cwd: at });
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain(
      "Root of trust: self-asserted. This copy names its own root (github.com/someone-else/famous-model/attribution)",
    );
    expect(verified.stdout).toContain("--trust trust.json");
  });

  it("says there is no ledger without telling a downloader to start one", async () => {
    const empty = folder({ "model.safetensors": "weights" });
    for (const args of [
      ["verify", "--dir", empty],
      ["explain", "acme/x", "--dir", empty],
      ["lineage", "acme/x", "--dir", empty],
    ]) {
      const result = shoulders(args, { cwd: empty });
      expect(result.code, args.join(" ")).toBe(3);
      expect(result.stderr).toMatch(/^TRUST_MISSING: /);
      expect(result.stderr).not.toContain("shoulders init");
    }
  });
});
