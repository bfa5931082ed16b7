/** Hub datasets and models recorded into the ledger, and the fine-tune story (USER-STORIES.md, story 3) end to end. */
import { AttributionIndex, HUB_MODEL_PREDICATE_TYPE, manifestDigest, predicateValidators, runStatement } from "@shoulders/attribution";
import { hubDatasetStatement, hubModelStatements, readCardMetadata, uploadWithAttribution, verifyHubRelease } from "@shoulders/hf";
import { createKeySigner, openLedger, readEntries, verifyLedger } from "@shoulders/ledger";
import { describe, expect, it } from "vitest";
import { type FakeHub, sha256, WRITE_TOKEN } from "../support/fake-hub.js";
import { fakeHub, folder, ledger, reader } from "./helpers.js";

const PARQUET = Buffer.alloc(5000, 9);
const TRAIN = '{"text": "great", "label": 1}\n{"text": "awful", "label": 0}\n{"text": "fine", "label": 1}\n';

function reviews(hub: FakeHub, license = "cc-by-4.0"): void {
  hub.createRepo("dataset", "acme/reviews", {
    "README.md": `---\nlicense: ${license}\n---\n# Reviews\n`,
    "data/train-00000.parquet": { content: PARQUET, lfs: true },
    "data/train.jsonl": { content: TRAIN, lfs: true },
    "data/extra.jsonl": '{"text": "ok"}\n{"text": "meh"}\n',
    "data/labels.csv": "id,label\n1,pos\n2,neg\n",
  });
  hub.tag("dataset", "acme/reviews", "v2");
}

function bert(hub: FakeHub): void {
  hub.createRepo("model", "google-bert/bert-base-uncased", { "README.md": "---\nlicense: apache-2.0\ntags: [exbert]\n---\n# BERT\n" });
}

function index(dir: string): AttributionIndex {
  const { entries, registry } = readEntries({ dir, predicates: predicateValidators() });
  return new AttributionIndex(entries, registry);
}

describe("hubDatasetStatement", () => {
  it("takes LFS files by their oid with no download, and downloads and hashes only the small files", async () => {
    const hub = await fakeHub();
    reviews(hub);
    hub.pushFiles("dataset", "acme/reviews", { "data/later.jsonl": "x\n" });
    const { dir } = await ledger();
    const outcome = await hubDatasetStatement(reader(hub), { name: "acme/reviews", revision: "v2", index: index(dir) });
    if (outcome.kind !== "new") throw new Error("expected a new version");
    const files = hub.files("dataset", "acme/reviews", "v2");
    const expected = manifestDigest([...files].map(([path, content]) => ({ path, size: content.length, sha256: sha256(content) })));
    expect(outcome.statement.subject[0]).toEqual({ name: "manifest", digest: { sha256: expected } });
    expect(outcome.statement.subject).toContainEqual({ name: "data/train-00000.parquet", digest: { sha256: sha256(PARQUET) } });
    expect(outcome.revision).toBe(hub.head("dataset", "acme/reviews", "v2"));
    expect(outcome.predicate).toMatchObject({
      id: "acme/reviews",
      version: outcome.revision.slice(0, 12),
      license: "CC-BY-4.0",
      files: 6,
      // LFS train.jsonl counts as 1 file (not downloaded); extra.jsonl 2 lines, labels.csv 2 rows, 3 more files 1 each.
      records: 1 + 1 + 2 + 2 + 1 + 1,
      source: { uri: `${hub.url}/datasets/acme/reviews`, revision: outcome.revision },
    });
    expect(outcome.predicate.files).toBe(files.size);
    expect(hub.requestsTo(/\/resolve\/.*(parquet|train\.jsonl)$/)).toEqual([]);
    expect(hub.requestsTo(/\/resolve\/.*extra\.jsonl$/).length).toBeGreaterThan(0);
    expect(hub.requestsTo(/\/tree\//).filter((request) => request.query.includes("cursor=")).length).toBeGreaterThanOrEqual(2);
    const lfs = new Set(hub.lfsPaths("dataset", "acme/reviews", "v2"));
    const small = [...files].filter(([path]) => !lfs.has(path));
    expect(outcome.downloaded).toEqual({ files: small.length, bytes: small.reduce((sum, [, content]) => sum + content.length, 0) });
    expect(small.length).toBe(4);
  });

  it("counts the lines of LFS .jsonl files when asked, checking them against their oid", async () => {
    const hub = await fakeHub();
    reviews(hub);
    const { dir } = await ledger();
    const outcome = await hubDatasetStatement(reader(hub), {
      name: "acme/reviews",
      countRecords: true,
      contributors: [{ identity: "github:dev", glob: "data/*.jsonl" }],
      index: index(dir),
    });
    if (outcome.kind !== "new") throw new Error("expected a new version");
    expect(outcome.predicate.records).toBe(1 + 3 + 2 + 2 + 1 + 1);
    expect(outcome.predicate.contributors).toEqual([{ identity: "github:dev", records: 5 }]);
    expect(hub.requestsTo(/\/resolve\/.*train\.jsonl$/).length).toBeGreaterThan(0);
    expect(hub.requestsTo(/\/resolve\/.*parquet$/)).toEqual([]);
  });

  it("records nothing new for a revision already recorded, and refuses a missing dataset with a coded error", async () => {
    const hub = await fakeHub();
    reviews(hub);
    const { dir, seed } = await ledger();
    const first = await hubDatasetStatement(reader(hub), { name: "acme/reviews", index: index(dir) });
    if (first.kind !== "new") throw new Error("expected a new version");
    await openLedger(dir).append([first.statement], createKeySigner(seed));
    expect((await hubDatasetStatement(reader(hub), { name: "acme/reviews", index: index(dir) })).kind).toBe("unchanged");
    await expect(hubDatasetStatement(reader(hub), { name: "acme/nope", index: index(dir) })).rejects.toMatchObject({
      code: "UNKNOWN_ARTIFACT",
    });
    await expect(hubDatasetStatement(reader(hub), { name: "acme/reviews", revision: "v9", index: index(dir) })).rejects.toMatchObject({
      code: "UNKNOWN_ARTIFACT",
    });
  });
});

describe("hubModelStatements", () => {
  it("records a model's commit, its card's license and its base_model chain, ancestors first", async () => {
    const hub = await fakeHub();
    bert(hub);
    hub.createRepo("model", "acme/bert-ft", {
      "README.md": "---\nlicense: mit\nbase_model: google-bert/bert-base-uncased\nbase_model_relation: finetune\n---\n",
    });
    hub.createRepo("model", "acme/bert-ft-2", {
      "README.md":
        "---\nlicense: other\nlicense_name: acme-research\nlicense_link: LICENSE.md\nbase_model:\n- acme/bert-ft\n- https://example.org/not-a-repo\n---\n",
    });
    const { dir, seed } = await ledger();
    const outcome = await hubModelStatements(reader(hub), { name: "acme/bert-ft-2", entries: [] });
    expect(outcome.recorded.map((m) => m.repo)).toEqual(["acme/bert-ft-2", "acme/bert-ft", "google-bert/bert-base-uncased"]);
    expect(outcome.statements.map((s) => s.subject[0]?.name.split("@")[0])).toEqual([
      "hf:google-bert/bert-base-uncased",
      "hf:google-bert/bert-base-uncased",
      "hf:acme/bert-ft",
      "hf:acme/bert-ft",
      "hf:acme/bert-ft-2",
      "hf:acme/bert-ft-2",
    ]);
    expect(outcome.recorded[0]).toEqual({
      repo: "acme/bert-ft-2",
      revision: hub.head("model", "acme/bert-ft-2"),
      license: "other",
      licenseName: "acme-research",
      licenseLink: "LICENSE.md",
      baseModels: ["hf:acme/bert-ft"],
    });
    expect(outcome.recorded[1]).toMatchObject({ license: "mit", baseModels: ["hf:google-bert/bert-base-uncased"], relation: "finetune" });
    expect(outcome.skipped).toEqual([expect.objectContaining({ ref: "https://example.org/not-a-repo" })]);

    await openLedger(dir).append(outcome.statements, createKeySigner(seed));
    const verified = verifyLedger({ dir, predicates: predicateValidators(), strict: true });
    expect(verified).toMatchObject({ valid: true, treeSize: 6, unrecognised: {} });
    const licenses = index(dir).licenses;
    expect(licenses.get("hf:google-bert/bert-base-uncased")?.predicate.license).toBe("Apache-2.0");
    expect(licenses.get("hf:acme/bert-ft-2")?.predicate).toMatchObject({
      license: "other",
      link: `${hub.url}/acme/bert-ft-2/blob/${hub.head("model", "acme/bert-ft-2")}/LICENSE.md`,
    });

    const entries = readEntries({ dir, predicates: predicateValidators() }).entries;
    expect((await hubModelStatements(reader(hub), { name: "acme/bert-ft-2", entries })).statements).toEqual([]);
    const only = await hubModelStatements(reader(hub), { name: "acme/bert-ft", ancestors: false, entries: [] });
    expect(only.recorded.map((m) => m.repo)).toEqual(["acme/bert-ft"]);
  });

  it("a tampered hub-model statement fails the verifier's check", async () => {
    const { dir, seed } = await ledger();
    const sha = "a".repeat(40);
    await openLedger(dir).append(
      [
        {
          _type: "https://in-toto.io/Statement/v1",
          subject: [{ name: `hf:acme/x@${"b".repeat(40)}`, digest: { gitCommit: "b".repeat(40) } }],
          predicateType: HUB_MODEL_PREDICATE_TYPE,
          predicate: { repo: "acme/x", revision: sha, baseModels: [] },
        },
      ],
      createKeySigner(seed),
    );
    const result = verifyLedger({ dir, predicates: predicateValidators(), strict: true });
    expect(result.valid).toBe(false);
    expect(result.errors[0]).toMatchObject({ code: "PREDICATE_INVALID", index: 0 });
  });
});

describe("story 3: a fine-tune of a Hub model on a Hub dataset, published to the Hub", () => {
  async function story(datasetLicense: string) {
    const hub = await fakeHub();
    bert(hub);
    reviews(hub, datasetLicense);
    hub.createRepo("model", "acme/sentiment-large");
    const { dir, seed } = await ledger();
    const model = await hubModelStatements(reader(hub), { name: "google-bert/bert-base-uncased", entries: [] });
    await openLedger(dir).append(model.statements, createKeySigner(seed));
    const data = await hubDatasetStatement(reader(hub), { name: "acme/reviews", revision: "v2", index: index(dir) });
    if (data.kind !== "new") throw new Error("expected a new version");
    await openLedger(dir).append([data.statement], createKeySigner(seed));
    const out = folder({ "model.safetensors": Buffer.alloc(2048, 5), "config.json": "{}" });
    const run = await runStatement({
      id: "ft-2026-11",
      outputDir: out,
      baseModels: ["hf:google-bert/bert-base-uncased"],
      datasets: [{ id: "acme/reviews", epochs: 3 }],
      hyperparameters: { learning_rate: 2e-5 },
      trainer: "github:tomo",
      builderId: "https://shoulders.dev/cli@gpu-box",
      startedOn: "2026-11-01T00:00:00Z",
      finishedOn: "2026-11-02T00:00:00Z",
      index: index(dir),
    });
    await openLedger(dir).append([run.statement], createKeySigner(seed));
    const upload = () =>
      uploadWithAttribution({
        repo: "acme/sentiment-large",
        folder: out,
        credentials: { hubUrl: hub.url, accessToken: WRITE_TOKEN, env: {} },
        license: "apache-2.0",
        fromRun: "ft-2026-11",
        ledgerDir: dir,
        signer: createKeySigner(seed),
      });
    return { hub, dir, upload, version: data.predicate.version };
  }

  it("uploads with a card that names the Hub base model and dataset, and verifies from the Hub", async () => {
    const { hub, dir, upload } = await story("cc-by-4.0");
    const result = await upload();
    expect(result.release).toMatchObject({ index: 4, recorded: true });
    const card = readCardMetadata(hub.files("model", "acme/sentiment-large").get("README.md")?.toString() ?? "");
    expect(card).toMatchObject({
      license: "apache-2.0",
      base_model: "google-bert/bert-base-uncased",
      base_model_relation: "finetune",
      datasets: ["acme/reviews"],
      attribution: { entry: 4, treeSize: 5 },
    });
    expect(verifyLedger({ dir, predicates: predicateValidators(), strict: true }).valid).toBe(true);
    // The hub-model predicate is one of attribution's own: the verifier validates it rather than reporting it unknown.
    expect(verifyLedger({ dir, predicates: predicateValidators() }).unrecognised).toEqual({});
    expect(predicateValidators().has(HUB_MODEL_PREDICATE_TYPE)).toBe(true);
    expect(await verifyHubRelease(reader(hub), { name: "acme/sentiment-large" })).toMatchObject({ valid: true });
  });

  it("stops before uploading when the Hub dataset is non-commercial, naming the path", async () => {
    const { hub, upload, version } = await story("cc-by-nc-4.0");
    await expect(upload()).rejects.toMatchObject({
      code: "LICENSE_CONFLICT",
      message: expect.stringContaining(`via acme/sentiment-large → acme/reviews@${version}`),
    });
    expect(hub.requests.filter((request) => request.method !== "GET")).toEqual([]);
    expect(hub.commitCount("model", "acme/sentiment-large")).toBe(1);
  });
});
