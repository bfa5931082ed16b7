/**
 * A tampered copy of a released model, against `shoulders verify --dir` and `shoulders hf verify`: both must refuse
 * it, with the same codes (docs/format.md, "The verdict"). The copies are what a Hub uploader or anyone who hands out
 * a folder controls: the files, their names, symlinks, the card and everything under .attribution/ except signatures.
 * Each case failed before its fix: a Hugging Face cache snapshot with renamed or changed weights passed `verify --dir`
 * (exit 0) while `hf verify` refused the same repository; release files linked out of a folder made it "hold none of
 * the release's files" and pass; a README.md linked out of a folder was read by `verify --dir` and published as the
 * model card by `hf upload`; files under .attribution/ that `verify --dir` refuses were never downloaded by `hf verify`.
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { download, folder, MODEL_CARD, writeFiles } from "../hf/helpers.js";
import { type CliResult, shoulders, shouldersAsync } from "../support/cli.js";
import { FakeHub, sha256, WRITE_TOKEN } from "../support/fake-hub.js";

const REPO = "acme/sentiment-large";
const NO_HUB_ENV = { HF_TOKEN: undefined, HF_ENDPOINT: undefined };

function cli(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return shouldersAsync(args, { cwd, env: { ...NO_HUB_ENV, ...env } });
}

/** Story 3 ended by `hf upload`: REPO holds the release acme/sentiment-large (model.safetensors, config.json), its card and ledger. */
async function published(hub: FakeHub): Promise<Map<string, Buffer>> {
  hub.createRepo("model", REPO, { "README.md": MODEL_CARD });
  const dir = folder();
  expect(shoulders(["keygen", "--out", "maya.key"], { cwd: dir }).code).toBe(0);
  const env = { SHOULDERS_SIGNING_KEY: readFileSync(join(dir, "maya.key"), "utf8").trim() };
  expect(shoulders(["init", "--origin", "github.com/acme/sentiment/attribution"], { cwd: dir, env }).code).toBe(0);
  writeFiles(join(dir, "out"), { "model.safetensors": Buffer.alloc(3000, 4), "config.json": "{}\n" });
  const upload = await cli(["hf", "upload", "out", "--repo", REPO, "--license", "apache-2.0"], dir, {
    ...env,
    HF_ENDPOINT: hub.url,
    HF_TOKEN: WRITE_TOKEN,
  });
  expect(upload.code, upload.stderr).toBe(0);
  return hub.files("model", REPO);
}

/** The Hugging Face cache's layout for `repo`'s head: models--ORG--NAME/snapshots/REV, every file a link into blobs/. */
function cacheSnapshot(hub: FakeHub, repo: string): string {
  const cache = join(folder(), `models--${repo.replace("/", "--")}`);
  const snapshot = join(cache, "snapshots", hub.head("model", repo));
  for (const [path, content] of hub.files("model", repo)) {
    writeFiles(join(cache, "blobs"), { [sha256(content)]: content });
    mkdirSync(join(snapshot, path, ".."), { recursive: true });
    symlinkSync(join(cache, "blobs", sha256(content)), join(snapshot, path));
  }
  return snapshot;
}

type Outcome = { code: number; valid: boolean; errors: string[] };

function outcome(result: CliResult): Outcome {
  const json = JSON.parse(result.stdout) as { valid: boolean; errors: { code: string }[] };
  return { code: result.code, valid: json.valid, errors: json.errors.map((e) => e.code).sort() };
}

/** `hf verify` of `repo` and `verify --dir` of its cache snapshot, which must be one verdict. */
async function bothVerdicts(hub: FakeHub, repo: string): Promise<{ dir: Outcome; hub: Outcome }> {
  const snapshot = cacheSnapshot(hub, repo);
  const elsewhere = folder();
  return {
    dir: outcome(shoulders(["verify", "--dir", snapshot, "--json"], { cwd: elsewhere })),
    hub: outcome(await cli(["hf", "verify", repo, "--hub-url", hub.url, "--json"], elsewhere)),
  };
}

let hub: FakeHub;
let original: Map<string, Buffer>;
/** A repository holding the published files, changed by `edit`. */
function variant(name: string, edit: (files: Map<string, Buffer>) => void): string {
  const files = new Map(original);
  edit(files);
  hub.createRepo("model", name, Object.fromEntries(files));
  return name;
}

const FAITHFUL = "acme/faithful-copy";

// One Hub for the whole file (the helpers' fakeHub closes after each test); each case works on its own repository.
beforeAll(async () => {
  hub = await FakeHub.start();
  original = await published(hub);
  variant(FAITHFUL, () => {});
});
afterAll(() => hub.close());

describe("a cache snapshot is checked as hf verify checks its repository", () => {
  it("weights renamed and changed under the card that pins the release: refused by both, not 'no copy of it'", async () => {
    const repo = variant("acme/renamed-weights", (files) => {
      files.delete("model.safetensors");
      files.delete("config.json");
      files.set("model-00001-of-00001.safetensors", Buffer.alloc(3000, 9));
      files.set("config-v2.json", Buffer.from("{}\n"));
    });
    expect(await bothVerdicts(hub, FAITHFUL)).toEqual({
      dir: { code: 0, valid: true, errors: [] },
      hub: { code: 0, valid: true, errors: [] },
    });
    const verdicts = await bothVerdicts(hub, repo);
    expect(verdicts.hub).toEqual({ code: 1, valid: false, errors: ["EXTRA_FILE", "EXTRA_FILE", "MISSING_FILE", "MISSING_FILE"] });
    expect(verdicts.dir).toEqual(verdicts.hub);
  });

  it("the card removed and the weights changed: the release named after the repository is the one checked", async () => {
    hub.pushFiles("model", REPO, { "model.safetensors": Buffer.alloc(3000, 9) }, ["README.md"]);
    const verdicts = await bothVerdicts(hub, REPO);
    expect(verdicts.hub).toEqual({ code: 1, valid: false, errors: ["CHANGED_FILE"] });
    expect(verdicts.dir).toEqual(verdicts.hub);
  });

  it("a repository named after no release, without a card: UNKNOWN_ARTIFACT from both", async () => {
    const repo = variant("acme/some-other-name", (files) => files.delete("README.md"));
    const verdicts = await bothVerdicts(hub, repo);
    expect(verdicts.hub).toEqual({ code: 1, valid: false, errors: ["UNKNOWN_ARTIFACT"] });
    expect(verdicts.dir).toEqual(verdicts.hub);
  });
});

describe("hf verify lays out .attribution/ as verify --dir finds it", () => {
  it("a file that is no segment in log/, and a pending file: the same refusal from both", async () => {
    for (const [name, path, code] of [
      ["acme/extra-in-log", ".attribution/log/notes.txt", "SEGMENT_INVALID"],
      ["acme/extra-pending", ".attribution/pending/not-a-digest.json", "PENDING_INVALID"],
    ] as const) {
      const verdicts = await bothVerdicts(
        hub,
        variant(name, (files) => files.set(path, Buffer.from("{}\n"))),
      );
      expect(verdicts.dir, path).toEqual({ code: 1, valid: false, errors: [code] });
      expect(verdicts.hub, path).toEqual(verdicts.dir);
    }
  });
});

describe("symlinks in a copy", () => {
  it("release files linked to other weights outside the folder are unchecked files, never a folder that holds none of them", async () => {
    const copy = download(hub, "model", FAITHFUL);
    const elsewhere = folder({ "evil.safetensors": Buffer.alloc(3000, 7), "config.json": "{}\n" });
    for (const [path, target] of [
      ["model.safetensors", "evil.safetensors"],
      ["config.json", "config.json"],
    ]) {
      rmSync(join(copy, path));
      symlinkSync(join(elsewhere, target as string), join(copy, path as string));
    }
    const result = shoulders(["verify", "--dir", copy], { cwd: elsewhere });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n").sort()).toEqual([
      "UNCHECKED_FILE: config.json could not be hashed",
      "UNCHECKED_FILE: model.safetensors could not be hashed",
    ]);
  });

  it("a README.md linked out of the folder is never read by verify --dir", () => {
    const copy = download(hub, "model", FAITHFUL);
    // The real card, moved out: followed, it would make the copy pass.
    const outside = folder({ "card.md": readFileSync(join(copy, "README.md")) });
    rmSync(join(copy, "README.md"));
    symlinkSync(join(outside, "card.md"), join(copy, "README.md"));
    const result = shoulders(["verify", "--dir", copy], { cwd: outside });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("UNSAFE_PATH: README.md is a symlink to a file outside the folder\n");
  });

  it("hf upload never publishes, as the model card, a README.md linked to a file outside the folder", async () => {
    hub.createRepo("model", "acme/leak", {});
    const dir = folder();
    expect(shoulders(["keygen", "--out", "k.key"], { cwd: dir }).code).toBe(0);
    const env = { SHOULDERS_SIGNING_KEY: readFileSync(join(dir, "k.key"), "utf8").trim() };
    expect(shoulders(["init", "--origin", "github.com/acme/leak/attribution"], { cwd: dir, env }).code).toBe(0);
    writeFiles(join(dir, "out"), { "model.safetensors": Buffer.alloc(100, 1) });
    const secrets = folder({ credentials: "[default]\naws_secret_access_key = not-for-the-hub\n" });
    symlinkSync(join(secrets, "credentials"), join(dir, "out", "README.md"));
    const upload = await cli(["hf", "upload", "out", "--repo", "acme/leak", "--license", "apache-2.0"], dir, {
      ...env,
      HF_ENDPOINT: hub.url,
      HF_TOKEN: WRITE_TOKEN,
    });
    expect(upload.code).toBe(1);
    expect(upload.stderr).toMatch(/^UNSAFE_PATH: \S+\/out\/README\.md is a symlink to a file outside the folder\n$/);
    expect([...hub.files("model", "acme/leak").values()].some((content) => content.includes("not-for-the-hub"))).toBe(false);
  });
});
