/** The upload hook against the fake Hub, with the real @huggingface/hub client doing every request. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ACCEPTANCE_PREDICATE_TYPE, AttributionIndex, datasetStatement, predicateValidators, runStatement } from "@shoulders/attribution";
import {
  commitWithAttribution,
  readCardMetadata,
  resolveHub,
  uploadFilesWithAttribution,
  uploadWithAttribution,
  verifyDownload,
  verifyHubRelease,
} from "@shoulders/hf";
import { createKeySigner, openLedger, readEntries, STATEMENT_TYPE, sha256Hex, utf8, verifyLedger } from "@shoulders/ledger";
import { describe, expect, it } from "vitest";
import { type FakeHub, READ_TOKEN, WRITE_TOKEN } from "../support/fake-hub.js";
import { download, fakeHub, folder, ledger, ledgerSnapshot, MODEL_CARD, reader, treeSize } from "./helpers.js";

const REPO = "acme/sentiment-large";
const WEIGHTS = Buffer.alloc(4096, 1);

function model(extra: Record<string, string | Buffer> = {}): string {
  return folder({
    "model.safetensors": WEIGHTS,
    "config.json": '{"hidden": 8}\n',
    "tokenizer/vocab.txt": "good\nbad\n",
    "tokenizer/merges.txt": "g o\n",
    ...extra,
  });
}

/** The Hub as a caller reaches it: the fake's URL, a token (null for none) and nothing from the environment. */
function credentials(hub: FakeHub, accessToken: string | null = WRITE_TOKEN) {
  return { hubUrl: hub.url, env: {}, ...(accessToken === null ? {} : { accessToken }) };
}

async function repoWithCard(): Promise<FakeHub> {
  const hub = await fakeHub();
  hub.createRepo("model", REPO, { "README.md": MODEL_CARD });
  return hub;
}

describe("uploadWithAttribution", () => {
  it("sends the weights, the card and the ledger in one commit, then records the release", async () => {
    const hub = await repoWithCard();
    const { dir, seed } = await ledger();
    const result = await uploadWithAttribution({
      repo: REPO,
      folder: model(),
      credentials: credentials(hub),
      license: "apache-2.0",
      datasets: ["acme/reviews"],
      ledgerDir: dir,
      signer: createKeySigner(seed),
    });

    expect(hub.requestsTo(/\/commit\//, "POST")).toHaveLength(1);
    expect(hub.commitCount("model", REPO)).toBe(2);
    expect(hub.requestsTo(/^\/lfs-upload\//, "PUT")).toHaveLength(1);
    expect(hub.lfsPaths("model", REPO)).toEqual(["model.safetensors"]);
    const files = hub.files("model", REPO);
    expect([...files.keys()].sort()).toEqual([
      ".attribution/.gitattributes",
      ".attribution/checkpoint",
      ".attribution/log/000000.jsonl",
      ".attribution/trust.json",
      ".gitattributes",
      "README.md",
      "config.json",
      "model.safetensors",
      "tokenizer/merges.txt",
      "tokenizer/vocab.txt",
    ]);
    expect(files.get("model.safetensors")).toEqual(WEIGHTS);

    // The card: the Hub's hand-written card kept, the metadata and sections added, the ledger pinned.
    const card = files.get("README.md")?.toString("utf8") ?? "";
    expect(card).toContain("Hand-written notes that must survive.");
    expect(card).toContain("tags: [sentiment]");
    const metadata = readCardMetadata(card);
    expect(metadata).toMatchObject({
      license: "apache-2.0",
      datasets: ["acme/reviews"],
      attribution: { entry: 0, treeSize: 1, artifact: REPO, rootHash: result.ledger.rootHash },
    });
    expect(card).toContain("<!-- shoulders:begin license-at-a-glance -->");
    expect(card).toContain("<!-- shoulders:begin lineage -->");

    // The local ledger got exactly what the Hub holds, and nothing before the Hub accepted it.
    expect(result.release).toMatchObject({ id: REPO, index: 0, recorded: true, files: 4 });
    expect(treeSize(dir)).toBe(1);
    for (const [path, bytes] of files) {
      if (path.startsWith(".attribution/")) expect(bytes.toString("utf8"), path).toBe(readFileSync(join(dir, path), "utf8"));
    }

    // Anyone who downloads it can check it: the ledger, and every file against the signed release.
    const copy = download(hub, "model", REPO);
    expect(verifyLedger({ dir: copy, predicates: predicateValidators() })).toMatchObject({ valid: true, treeSize: 1 });
    expect(await verifyDownload({ dir: copy, releaseId: REPO })).toMatchObject({
      valid: true,
      files: { ok: true, missing: [], extra: [], changed: [] },
    });
    const report = await verifyHubRelease(reader(hub), { name: REPO });
    expect(report).toMatchObject({ valid: true, release: { entry: 0, files: 4 }, files: { ok: true, perFile: true } });
  });

  it("hf verify names the changed, missing and extra files, and never downloads the weights", async () => {
    const hub = await repoWithCard();
    const { dir, seed } = await ledger();
    await uploadWithAttribution({
      repo: REPO,
      folder: model(),
      credentials: credentials(hub),
      license: "apache-2.0",
      ledgerDir: dir,
      signer: createKeySigner(seed),
    });
    hub.requests.length = 0;
    expect((await verifyHubRelease(reader(hub), { name: REPO })).valid).toBe(true);
    expect(hub.requestsTo(/\/resolve\/.*model\.safetensors$/)).toEqual([]);
    expect(hub.requestsTo(/\/tree\//).some((request) => request.query.includes("cursor="))).toBe(true);

    hub.pushFiles("model", REPO, { "config.json": '{"hidden": 9}\n', "notes.txt": "added later" }, ["tokenizer/vocab.txt"]);
    const report = await verifyHubRelease(reader(hub), { name: REPO });
    expect(report.valid).toBe(false);
    expect(report.files).toMatchObject({ changed: ["config.json"], missing: ["tokenizer/vocab.txt"], extra: ["notes.txt"] });

    hub.pushFiles("model", REPO, { "model.safetensors": Buffer.alloc(4096, 2) });
    hub.requests.length = 0;
    const weights = await verifyHubRelease(reader(hub), { name: REPO });
    expect(weights.files?.changed).toContain("model.safetensors");
    expect(hub.requestsTo(/\/resolve\/.*model\.safetensors$/)).toEqual([]);
  });

  it("keeps the Hub's ledger append-only: a second release extends it, an identical one adds nothing", async () => {
    const hub = await repoWithCard();
    const { dir, seed } = await ledger();
    const out = model();
    const upload = () =>
      uploadWithAttribution({
        repo: REPO,
        folder: out,
        credentials: credentials(hub),
        license: "apache-2.0",
        ledgerDir: dir,
        signer: createKeySigner(seed),
      });
    await upload();
    const again = await upload();
    expect(again.release).toMatchObject({ recorded: false, index: 0 });
    expect(again.card.changed).toBe(false);
    expect(treeSize(dir)).toBe(1);

    writeFileSync(join(out, "config.json"), '{"hidden": 16}\n');
    const third = await upload();
    expect(third.release).toMatchObject({ recorded: true, index: 1 });
    expect(treeSize(dir)).toBe(2);
    expect(readCardMetadata(hub.files("model", REPO).get("README.md")?.toString() ?? "")).toMatchObject({
      attribution: { entry: 1, treeSize: 2 },
    });
    expect(await verifyHubRelease(reader(hub), { name: REPO })).toMatchObject({ valid: true, release: { entry: 1 } });
  });

  it("refuses to overwrite the ledger of another ledger on the Hub", async () => {
    const hub = await repoWithCard();
    const first = await ledger();
    await uploadWithAttribution({
      repo: REPO,
      folder: model(),
      credentials: credentials(hub),
      license: "apache-2.0",
      ledgerDir: first.dir,
      signer: createKeySigner(first.seed),
    });
    const other = await ledger();
    const before = ledgerSnapshot(other.dir);
    await expect(
      uploadWithAttribution({
        repo: REPO,
        folder: model(),
        credentials: credentials(hub),
        license: "apache-2.0",
        ledgerDir: other.dir,
        signer: createKeySigner(other.seed),
      }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/not an earlier state of yours/) });
    expect(hub.commitCount("model", REPO)).toBe(2);
    expect(ledgerSnapshot(other.dir)).toEqual(before);
  });

  it("uses the folder's README.md as the card, and its license when none is given", async () => {
    const hub = await repoWithCard();
    const { dir, seed } = await ledger();
    const out = model({ "README.md": "---\nlicense: mit\n---\n# Local card\n" });
    const result = await uploadWithAttribution({
      repo: REPO,
      folder: out,
      credentials: credentials(hub),
      ledgerDir: dir,
      signer: createKeySigner(seed),
    });
    expect(result.card.base).toBe("local");
    // Licenses are recorded in their standard spelling (SPDX when there is one), as `record release` does.
    expect(result.release).toMatchObject({ license: "MIT", files: 4 });
    const card = hub.files("model", REPO).get("README.md")?.toString() ?? "";
    expect(card).toContain("# Local card");
    expect(card).not.toContain("Hand-written notes");
  });

  it("reports files on the Hub outside the release, and deletes them in the same commit when asked", async () => {
    const hub = await fakeHub();
    hub.createRepo("model", REPO, { "old.bin": Buffer.alloc(10, 3) });
    const { dir, seed } = await ledger();
    const kept = await uploadWithAttribution({
      repo: REPO,
      folder: model(),
      credentials: credentials(hub),
      license: "apache-2.0",
      ledgerDir: dir,
      signer: createKeySigner(seed),
    });
    expect(kept.extraOnHub).toEqual(["old.bin"]);
    expect((await verifyHubRelease(reader(hub), { name: REPO })).files?.extra).toEqual(["old.bin"]);
    const cleaned = await uploadWithAttribution({
      repo: REPO,
      folder: model(),
      credentials: credentials(hub),
      license: "apache-2.0",
      ledgerDir: dir,
      signer: createKeySigner(seed),
      deleteExtra: true,
    });
    expect(cleaned.deleted).toEqual(["old.bin"]);
    expect(hub.files("model", REPO).has("old.bin")).toBe(false);
    expect((await verifyHubRelease(reader(hub), { name: REPO })).valid).toBe(true);
  });

  it("opens a pull request instead of committing to the branch when asked", async () => {
    const hub = await repoWithCard();
    const { dir, seed } = await ledger();
    const main = hub.head("model", REPO);
    const result = await uploadWithAttribution({
      repo: REPO,
      folder: model(),
      credentials: credentials(hub),
      license: "apache-2.0",
      ledgerDir: dir,
      signer: createKeySigner(seed),
      pr: true,
    });
    expect(result.commit.pullRequestUrl).toMatch(/\/discussions\/1$/);
    expect(hub.head("model", REPO)).toBe(main);
    expect(hub.files("model", REPO, "refs/pr/1").has(".attribution/checkpoint")).toBe(true);
    expect(await verifyHubRelease(reader(hub), { name: REPO, revision: result.commit.commit.oid })).toMatchObject({ valid: true });
  });

  it("refuses a file that changed after it was hashed, before the commit leaves", async () => {
    const hub = await repoWithCard();
    const { dir, seed } = await ledger();
    const out = model();
    const before = ledgerSnapshot(dir);
    await expect(
      uploadWithAttribution({
        repo: REPO,
        folder: out,
        credentials: credentials(hub),
        license: "apache-2.0",
        ledgerDir: dir,
        signer: createKeySigner(seed),
        onProgress: (_phase, done, total) => {
          if (done === total) writeFileSync(join(out, "config.json"), '{"hidden": "edited meanwhile"}\n');
        },
      }),
    ).rejects.toMatchObject({ code: "IO_ERROR", message: expect.stringMatching(/config\.json changed after it was hashed/) });
    expect(hub.requestsTo(/\/commit\//, "POST")).toEqual([]);
    expect(hub.commitCount("model", REPO)).toBe(1);
    expect(ledgerSnapshot(dir)).toEqual(before);
  });
});

describe("the upload refuses bad input with one coded line, and leaves the ledger valid and unchanged", () => {
  async function refused(
    options: { accessToken?: string | null; repo?: string; setup?: (hub: FakeHub) => void },
    code: string,
    message?: RegExp,
  ): Promise<FakeHub> {
    const hub = await repoWithCard();
    options.setup?.(hub);
    const { dir, seed } = await ledger();
    const before = ledgerSnapshot(dir);
    const error = await uploadWithAttribution({
      repo: options.repo ?? REPO,
      folder: model(),
      credentials: credentials(hub, options.accessToken === undefined ? WRITE_TOKEN : options.accessToken),
      license: "apache-2.0",
      ledgerDir: dir,
      signer: createKeySigner(seed),
    }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ name: "ShouldersError", code });
    const text = (error as Error).message;
    expect(text).not.toMatch(/\n/);
    expect(text).not.toContain(WRITE_TOKEN);
    expect(text).not.toContain(READ_TOKEN);
    if (message) expect(text).toMatch(message);
    expect(verifyLedger({ dir }).valid).toBe(true);
    expect(ledgerSnapshot(dir)).toEqual(before);
    expect(readEntries({ dir }).entries).toEqual([]);
    expect(hub.commitCount("model", REPO)).toBe(1);
    return hub;
  }

  it("no token", async () => {
    const hub = await refused({ accessToken: null }, "KEY_MISSING", /HF_TOKEN/);
    expect(hub.requests).toEqual([]);
  });

  it("a token the Hub refuses (401)", async () => {
    await refused({ accessToken: "hf_revokedtoken" }, "KEY_INVALID", /401/);
  });

  it("a read-only token (403)", async () => {
    const hub = await refused({ accessToken: READ_TOKEN }, "UNAUTHORISED_SIGNER", /403.*write access/);
    expect(hub.requestsTo(/\/preupload\//, "POST")).toHaveLength(1);
  });

  it("a repository that does not exist (404)", async () => {
    await refused({ repo: "acme/nope" }, "UNKNOWN_ARTIFACT", /404/);
  });

  it("a repository name like ../x, before any request", async () => {
    const hub = await refused({ repo: "../x" }, "BAD_ARGUMENT", /ORG\/NAME/);
    expect(hub.requests).toEqual([]);
  });

  it("a network error in the middle of the commit", async () => {
    const hub = await refused({ setup: (hub) => hub.failNextCommit("before-apply") }, "IO_ERROR", /network error.*no release was recorded/);
    expect(hub.requestsTo(/\/commit\//, "POST")).toHaveLength(1);
  });

  it("a commit on the branch while we uploaded (the parent moved)", async () => {
    const hub = await repoWithCard();
    const { dir, seed } = await ledger();
    const before = ledgerSnapshot(dir);
    // Someone pushes between our read of the branch and our commit: the Hub refuses a commit on a stale parent.
    const racing: typeof fetch = async (input, init) => {
      if (String(input).includes("/preupload/") && hub.commitCount("model", REPO) === 1) hub.pushFiles("model", REPO, { "other.txt": "x" });
      return fetch(input, init);
    };
    await expect(
      uploadWithAttribution({
        repo: REPO,
        folder: model(),
        credentials: { ...credentials(hub), fetch: racing },
        license: "apache-2.0",
        ledgerDir: dir,
        signer: createKeySigner(seed),
      }),
    ).rejects.toMatchObject({ code: "IO_ERROR", message: expect.stringMatching(/branch moved.*no release was recorded/) });
    expect(hub.commitCount("model", REPO)).toBe(2);
    expect(hub.files("model", REPO).has(".attribution/checkpoint")).toBe(false);
    expect(ledgerSnapshot(dir)).toEqual(before);
  });

  it("a signing key that is not the log key, before any request", async () => {
    const hub = await repoWithCard();
    const { dir } = await ledger();
    const { seed: contributor } = await ledger();
    await expect(
      uploadWithAttribution({
        repo: REPO,
        folder: model(),
        credentials: credentials(hub),
        license: "apache-2.0",
        ledgerDir: dir,
        signer: createKeySigner(contributor),
      }),
    ).rejects.toMatchObject({
      code: "UNAUTHORISED_SIGNER",
      message: expect.stringMatching(/is not a log key of .* so it cannot write the log/),
    });
    expect(hub.requests).toEqual([]);
  });

  it("a Hub that cannot be reached", async () => {
    const hub = await repoWithCard();
    await hub.close();
    const { dir, seed } = await ledger();
    await expect(
      uploadWithAttribution({
        repo: REPO,
        folder: model(),
        credentials: credentials(hub),
        license: "apache-2.0",
        ledgerDir: dir,
        signer: createKeySigner(seed),
      }),
    ).rejects.toMatchObject({ code: "IO_ERROR", message: expect.stringMatching(/network error talking to http:\/\/127\.0\.0\.1/) });
    expect(treeSize(dir)).toBe(0);
  });
});

describe("a network error after the Hub applied the commit", () => {
  it("finds our checkpoint on the branch and records the release that happened", async () => {
    const hub = await repoWithCard();
    hub.failNextCommit("after-apply");
    const { dir, seed } = await ledger();
    const result = await uploadWithAttribution({
      repo: REPO,
      folder: model(),
      credentials: credentials(hub),
      license: "apache-2.0",
      ledgerDir: dir,
      signer: createKeySigner(seed),
    });
    expect(result.confirmedAfterNetworkError).toBe(true);
    expect(result.commit.commit.oid).toBe(hub.head("model", REPO));
    expect(treeSize(dir)).toBe(1);
    expect((await verifyHubRelease(reader(hub), { name: REPO })).valid).toBe(true);
  });
});

describe("license checks along the lineage", () => {
  /** A run trained on a non-commercial dataset, as story 3 step 5 warns. */
  async function nonCommercialRun(dir: string, seed: Uint8Array): Promise<void> {
    const data = folder({ "rows.jsonl": '{"text": "good"}\n{"text": "bad"}\n' });
    const index = () => {
      const read = readEntries({ dir, predicates: predicateValidators() });
      return new AttributionIndex(read.entries, read.registry);
    };
    const recorded = await datasetStatement({
      dir: data,
      id: "acme/nc-reviews",
      license: "cc-by-nc-4.0",
      contributors: [],
      index: index(),
    });
    if (recorded.kind !== "new") throw new Error("expected a new dataset version");
    await openLedger(dir).append([recorded.statement], createKeySigner(seed));
    const run = await runStatement({
      id: "ft-1",
      outputDir: model(),
      baseModels: [],
      datasets: [{ id: "acme/nc-reviews", epochs: 3 }],
      hyperparameters: {},
      trainer: "github:tomo",
      builderId: "https://shoulders.dev/cli@test",
      startedOn: "2026-11-01T00:00:00Z",
      finishedOn: "2026-11-02T00:00:00Z",
      index: index(),
    });
    await openLedger(dir).append([run.statement], createKeySigner(seed));
  }

  it("refuses an unaccepted conflict before any network write, naming it and its path", async () => {
    const hub = await repoWithCard();
    const { dir, seed } = await ledger();
    await nonCommercialRun(dir, seed);
    const before = ledgerSnapshot(dir);
    const error = await uploadWithAttribution({
      repo: REPO,
      folder: model(),
      credentials: credentials(hub),
      license: "apache-2.0",
      fromRun: "ft-1",
      ledgerDir: dir,
      signer: createKeySigner(seed),
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "LICENSE_CONFLICT" });
    expect((error as Error).message).toMatch(/NC_INPUT_COMMERCIAL_OUTPUT via acme\/sentiment-large → acme\/nc-reviews@1/);
    expect(hub.requests.filter((request) => request.method !== "GET")).toEqual([]);
    expect(ledgerSnapshot(dir)).toEqual(before);
  });

  it("uploads once the team accepted the conflict on the record, and the card says so", async () => {
    const hub = await repoWithCard();
    const { dir, seed } = await ledger();
    await nonCommercialRun(dir, seed);
    await openLedger(dir).append(
      [
        {
          _type: STATEMENT_TYPE,
          subject: [{ name: `hf:${REPO}`, digest: { sha256: sha256Hex(utf8(REPO)) } }],
          predicateType: ACCEPTANCE_PREDICATE_TYPE,
          predicate: {
            artifact: REPO,
            conflict: "NC_INPUT_COMMERCIAL_OUTPUT",
            reason: "research release; the data owner agreed in writing",
          },
        },
      ],
      createKeySigner(seed),
    );
    const result = await uploadWithAttribution({
      repo: REPO,
      folder: model(),
      credentials: credentials(hub),
      license: "apache-2.0",
      fromRun: "ft-1",
      ledgerDir: dir,
      signer: createKeySigner(seed),
    });
    expect(result.release.index).toBe(3);
    const card = hub.files("model", REPO).get("README.md")?.toString() ?? "";
    expect(card).toMatch(/NC_INPUT_COMMERCIAL_OUTPUT.*accepted: research release/);
  });
});

describe("drop-in wrappers around uploadFiles and commit", () => {
  it("uploadFilesWithAttribution takes uploadFiles' parameters and adds the card and the ledger to its commit", async () => {
    const hub = await repoWithCard();
    const { dir, seed } = await ledger();
    const out = model();
    const output = await uploadFilesWithAttribution({
      repo: REPO,
      files: [
        { path: "model.safetensors", content: new Blob([WEIGHTS]) },
        { path: "tokenizer", content: new URL(`file://${join(out, "tokenizer")}/`) },
      ],
      accessToken: WRITE_TOKEN,
      hubUrl: hub.url,
      ledgerDir: dir,
      signer: createKeySigner(seed),
      license: "apache-2.0",
    });
    expect(output.commit.oid).toBe(hub.head("model", REPO));
    expect(output.attribution.release).toMatchObject({ files: 3, recorded: true });
    expect([...hub.files("model", REPO).keys()]).toEqual(
      expect.arrayContaining(["model.safetensors", "tokenizer/vocab.txt", "tokenizer/merges.txt", "README.md", ".attribution/checkpoint"]),
    );
    expect(hub.requestsTo(/\/commit\//, "POST")).toHaveLength(1);
    expect((await verifyHubRelease(reader(hub), { name: REPO })).valid).toBe(true);
  });

  it("commitWithAttribution refuses operations whose bytes cannot be signed in advance", async () => {
    const hub = await repoWithCard();
    const { dir, seed } = await ledger();
    const common = {
      repo: REPO,
      title: "t",
      accessToken: WRITE_TOKEN,
      hubUrl: hub.url,
      ledgerDir: dir,
      signer: createKeySigner(seed),
      license: "apache-2.0",
    };
    await expect(
      commitWithAttribution({
        ...common,
        operations: [{ operation: "addOrUpdate", path: "a.bin", content: new URL("https://example.org/a.bin") }],
      }),
    ).rejects.toMatchObject({ code: "BAD_ARGUMENT" });
    await expect(
      commitWithAttribution({
        ...common,
        operations: [{ operation: "addOrUpdate", path: ".attribution/checkpoint", content: new Blob(["forged"]) }],
      }),
    ).rejects.toMatchObject({ code: "BAD_ARGUMENT", message: expect.stringMatching(/\.attribution/) });
    await expect(commitWithAttribution({ ...common, repo: "datasets/acme/rows", operations: [] })).rejects.toMatchObject({
      code: "BAD_ARGUMENT",
    });
    expect(hub.requests.filter((request) => request.method !== "GET")).toEqual([]);
    expect(resolveHub({ env: {} }).hubUrl).toBe("https://huggingface.co");
  });
});
