import { resolve } from "node:path";
import { AttributionIndex, MODEL_RELATIONS, parseContributorSpec } from "@shoulders/attribution";
import {
  type AttributedCommitResult,
  type Hub,
  hfPredicateValidators,
  hubDatasetStatement,
  hubModelStatements,
  type PublishedCosignatures,
  parseRepoName,
  parseRevision,
  publishCosignatures,
  type ReleaseDirReport,
  type ReleaseFilesReport,
  requireToken,
  resolveHub,
  uploadWithAttribution,
  verifyHubRelease,
  verifyReleaseDir,
} from "@shoulders/hf";
import { readEntries, ShouldersError, submitStatements } from "@shoulders/ledger";
import { ledgerDir, parse } from "../args.js";
import { describeSubmit, hashCachePath } from "../attribution.js";
import type { Io } from "../io.js";
import { entries, printHelp, printJson, progressBar } from "../output.js";
import { readTrustArgument } from "../root-files.js";
import { KEY_ENV, loadSigningKey } from "../signing-key.js";
import { witnessRequirement } from "./witness.js";

export const hfHelp = `Usage: shoulders hf <upload|dataset|model|verify> [options]

Works with the Hugging Face Hub. Every hf command takes --hub-url URL (default
$HF_ENDPOINT, else https://huggingface.co). The token comes from $HF_TOKEN and is never
printed; reading public repositories needs none. Signing commands read the key from
--key FILE or $${KEY_ENV}.

  hf upload DIR --repo ORG/NAME [--license L] [--from-run RUN] [--base-model REF]...
            [--dataset ID]... [--id MODEL_ID] [--relation R] [--version V]
            [--revision BRANCH] [--pr] [--delete-extra] [--message TEXT]
      checks the licenses along the lineage and stops on a conflict nobody accepted;
      signs the release of DIR's files (README.md and .attribution/ are not among them);
      renders the model card (license, base_model, datasets, the attribution block, "License
      at a glance", "Lineage"), keeping DIR/README.md or else the card already on the Hub;
      then uploads the files, the card and .attribution/ in ONE commit. The release enters
      the ledger only once the Hub accepted that commit. Needs the log key and a write token.
      --license defaults to the card's license; --dataset adds a Hub dataset to the card;
      --delete-extra removes files of the repository that the release does not list.
      When trust.json lists witnesses (shoulders witness add), they are then asked to cosign
      the new checkpoint, and the cosigned checkpoint follows in a second commit.
  hf dataset ORG/NAME [--revision REV] [--id ID] [--version V] [--license L]
             [--contributor ID=COUNT|ID=GLOB]... [--count-records]
      records a dataset version from a Hub revision, resolved to its commit. LFS files are
      taken by their LFS sha256, with no download; small files are downloaded and hashed.
      Records are the lines of the .jsonl/.csv files that get downloaded, and 1 for every
      other file; --count-records also downloads the LFS .jsonl/.csv files to count theirs.
      --id defaults to ORG/NAME, --version to the commit's first 12 digits, --license to the
      dataset card's license.
  hf model ORG/NAME [--revision REV] [--no-ancestors]
      records a Hub model as an external base model: its commit, the license its card
      declares, and its base_model chain (each ancestor is recorded too, unless
      --no-ancestors). Then use it as --base-model hf:ORG/NAME.
  hf verify ORG/NAME [--revision REV] [--release ID] [--trust FILE] [--require-witness N]
      [--witness-key VKEY]...
      downloads only .attribution/ and the small files, verifies the ledger, and checks every
      file of the repository against the release's signed digests (LFS oids for large files).
      --release defaults to ORG/NAME; --trust pins the root of trust; --require-witness and
      --witness-key work as for \`shoulders verify\`. Exits 0 if and only if the ledger is
      valid and every file matches.`;

const HUB_URL = { "hub-url": { type: "string" } } as const;

export async function hf(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case "upload":
      return upload(rest, io);
    case "dataset":
      return dataset(rest, io);
    case "model":
      return model(rest, io);
    case "verify":
      return verifyRepo(rest, io);
    case undefined:
    case "--help":
    case "-h":
      printHelp(io, hfHelp);
      return sub === undefined ? 2 : 0;
    default:
      throw new ShouldersError("USAGE", `hf: unknown subcommand "${sub}" (upload, dataset, model or verify)`);
  }
}

async function upload(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "hf upload",
    argv,
    {
      ...HUB_URL,
      key: { type: "string" },
      repo: { type: "string" },
      license: { type: "string" },
      "from-run": { type: "string" },
      "base-model": { type: "string", multiple: true },
      dataset: { type: "string", multiple: true },
      id: { type: "string" },
      relation: { type: "string" },
      version: { type: "string" },
      revision: { type: "string" },
      pr: { type: "boolean" },
      "delete-extra": { type: "boolean" },
      message: { type: "string" },
    },
    { min: 1, max: 1 },
  );
  if (values.help) return printHelp(io, hfHelp);
  if (values.repo === undefined)
    throw new ShouldersError("USAGE", "hf upload: --repo ORG/NAME is required, e.g. --repo acme/sentiment-large");
  const repo = parseRepoName(values.repo, "--repo");
  if (values.revision !== undefined) parseRevision(values.revision);
  const relation = values.relation;
  if (relation !== undefined && !(MODEL_RELATIONS as readonly string[]).includes(relation)) {
    throw new ShouldersError("BAD_ARGUMENT", `--relation must be one of ${MODEL_RELATIONS.join(", ")}`);
  }
  // Checked before the key and the ledger, so a missing token is the first thing said, not the last.
  const hub = hubOf(io, values["hub-url"]);
  requireToken(hub);
  const dir = ledgerDir(io, values.dir);
  const seed = loadSigningKey(io, values.key);
  const progress = progressBar(io, "hashing");
  let result: AttributedCommitResult;
  try {
    result = await uploadWithAttribution({
      repo,
      folder: resolve(io.cwd, positionals[0] as string),
      credentials: { hubUrl: hub.hubUrl, env: io.env },
      ledgerDir: dir,
      seed,
      ...(values.id === undefined ? {} : { id: values.id }),
      ...(values.license === undefined ? {} : { license: values.license }),
      ...(values.version === undefined ? {} : { version: values.version }),
      ...(values["from-run"] === undefined ? {} : { fromRun: values["from-run"] }),
      baseModels: values["base-model"] ?? [],
      ...(relation === undefined ? {} : { relation: relation as (typeof MODEL_RELATIONS)[number] }),
      datasets: values.dataset ?? [],
      deleteExtra: values["delete-extra"] === true,
      ...(values.revision === undefined ? {} : { revision: values.revision }),
      pr: values.pr === true,
      ...(values.message === undefined ? {} : { commitTitle: values.message }),
      hashCachePath: hashCachePath(dir),
      onProgress: (_phase, done, total) => progress.update(done, total),
    });
  } finally {
    progress.finish();
  }
  for (const skipped of result.skipped) io.stderr(`skipped ${skipped.path}: ${skipped.reason}\n`);
  // A pull request's checkpoint is not the branch's: witnesses see only what the branch publishes.
  const witnessed =
    result.commit.pullRequestUrl === undefined && values.pr !== true
      ? await publishCosignatures(hub, {
          repo: result.repo,
          branch: values.revision ?? "main",
          parentCommit: result.commit.commit.oid,
          ledgerDir: dir,
        })
      : undefined;
  // Only a refusal (the witness saw another history) is evidence against the ledger; the release itself stands.
  const exitCode = witnessed?.witnesses.some((w) => !w.ok && w.code === "WITNESS_REFUSED") ? 1 : 0;
  if (values.json) {
    printJson(io, witnessed === undefined ? result : { ...result, witnesses: witnessed });
    return exitCode;
  }
  const { release, commit } = result;
  const short = commit.commit.oid.slice(0, 7);
  io.stdout(
    `Uploaded ${release.files} file(s) to ${result.repo} with the model card and the ledger, in one commit ${short} (${commit.commit.url}).\n`,
  );
  if (commit.pullRequestUrl !== undefined) io.stdout(`Opened a pull request: ${commit.pullRequestUrl}\n`);
  if (result.confirmedAfterNetworkError)
    io.stdout("The Hub's answer was lost to a network error, but the branch holds this commit's ledger.\n");
  io.stdout(
    release.recorded
      ? `Recorded the release ${release.id} (${release.license}) as entry ${release.index}; the checkpoint covers ${entries(result.ledger.treeSize)}.\n`
      : `An identical release of ${release.id} is already entry ${release.index}; nothing new was recorded.\n`,
  );
  if (result.deleted.length > 0) io.stdout(`Deleted from the repository: ${result.deleted.join(", ")}\n`);
  if (result.extraOnHub.length > 0) {
    io.stderr(
      `warning: ${result.extraOnHub.length} file(s) in ${result.repo} are not in this release (${preview(result.extraOnHub)}); hf verify reports them. --delete-extra removes them in the same commit.\n`,
    );
  }
  if (witnessed !== undefined) describeWitnessed(io, witnessed);
  io.stdout(`Anyone can check it: shoulders hf verify ${result.repo}\n`);
  return exitCode;
}

function describeWitnessed(io: Io, witnessed: PublishedCosignatures): void {
  for (const outcome of witnessed.witnesses) {
    if (outcome.ok) io.stdout(`✓ witness ${outcome.name} cosigned the checkpoint\n`);
    else io.stderr(`${outcome.code}: ${outcome.message}\n`);
  }
  if (witnessed.commit !== undefined) {
    io.stdout(`Published the checkpoint with ${witnessed.cosigned} cosignature(s) in commit ${witnessed.commit.slice(0, 7)}.\n`);
  }
  if (witnessed.problem !== undefined) {
    io.stderr(`warning: the cosigned checkpoint stays local: ${witnessed.problem}; run \`shoulders hf upload\` again to publish it\n`);
  }
}

async function dataset(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "hf dataset",
    argv,
    {
      ...HUB_URL,
      key: { type: "string" },
      revision: { type: "string" },
      id: { type: "string" },
      version: { type: "string" },
      license: { type: "string" },
      contributor: { type: "string", multiple: true },
      "count-records": { type: "boolean" },
    },
    { min: 1, max: 1 },
  );
  if (values.help) return printHelp(io, hfHelp);
  const name = parseRepoName(positionals[0] as string, "dataset");
  const contributors = (values.contributor ?? []).map(parseContributorSpec);
  const hub = hubOf(io, values["hub-url"]);
  const dir = ledgerDir(io, values.dir);
  const seed = loadSigningKey(io, values.key);
  const index = loadHfIndex(dir);
  const progress = progressBar(io, "downloading small files");
  const outcome = await hubDatasetStatement(hub, {
    name,
    ...(values.revision === undefined ? {} : { revision: values.revision }),
    ...(values.id === undefined ? {} : { id: values.id }),
    ...(values.version === undefined ? {} : { version: values.version }),
    ...(values.license === undefined ? {} : { license: values.license }),
    contributors,
    countRecords: values["count-records"] === true,
    index,
    onProgress: (done, total) => progress.update(done, total),
  }).finally(() => progress.finish());
  for (const note of outcome.notes) io.stderr(`warning: ${note}\n`);
  const at = `${name}@${outcome.revision.slice(0, 12)}`;
  if (outcome.kind === "unchanged") {
    const existing = outcome.existing;
    if (values.json)
      return printJson(io, { recorded: false, id: existing.predicate.id, version: existing.predicate.version, index: existing.index });
    io.stdout(
      `Nothing new: ${existing.predicate.id}@${existing.predicate.version} (entry ${existing.index}) has exactly the files of ${at}.\n`,
    );
    return 0;
  }
  const result = await submitStatements(dir, [outcome.statement], seed);
  if (values.json)
    return printJson(io, {
      recorded: true,
      revision: outcome.revision,
      predicate: outcome.predicate,
      downloaded: outcome.downloaded,
      ...result,
    });
  const { predicate, downloaded } = outcome;
  const fetched = downloaded.files === 0 ? "nothing downloaded" : `${downloaded.files} small file(s) downloaded, ${downloaded.bytes} bytes`;
  describeSubmit(
    io,
    result,
    `${predicate.id}@${predicate.version} from ${at}: ${predicate.files} files, ${predicate.records} records, license ${predicate.license ?? "not declared"} (${fetched})`,
  );
  return 0;
}

async function model(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "hf model",
    argv,
    { ...HUB_URL, key: { type: "string" }, revision: { type: "string" }, "no-ancestors": { type: "boolean" } },
    { min: 1, max: 1 },
  );
  if (values.help) return printHelp(io, hfHelp);
  const name = parseRepoName(positionals[0] as string, "model");
  const hub = hubOf(io, values["hub-url"]);
  const dir = ledgerDir(io, values.dir);
  const seed = loadSigningKey(io, values.key);
  const { entries: ledgerEntries } = readEntries({ dir, predicates: hfPredicateValidators() });
  const outcome = await hubModelStatements(hub, {
    name,
    ...(values.revision === undefined ? {} : { revision: values.revision }),
    ancestors: values["no-ancestors"] !== true,
    entries: ledgerEntries,
  });
  for (const skipped of outcome.skipped) io.stderr(`skipped ${skipped.ref}: ${skipped.reason}\n`);
  if (outcome.statements.length === 0) {
    if (values.json) return printJson(io, { recorded: false, alreadyRecorded: outcome.alreadyRecorded });
    const first = outcome.alreadyRecorded[0];
    io.stdout(
      `Nothing new: ${first === undefined ? name : `hf:${first.repo}@${first.revision.slice(0, 12)}`} and its chain are recorded.\n`,
    );
    return 0;
  }
  const result = await submitStatements(dir, outcome.statements, seed);
  if (values.json) return printJson(io, { recorded: true, models: outcome.recorded, alreadyRecorded: outcome.alreadyRecorded, ...result });
  const described = outcome.recorded
    .map(
      (m) =>
        `hf:${m.repo}@${m.revision.slice(0, 12)} (${m.license ?? "no license declared"}${m.baseModels.length > 0 ? `, from ${m.baseModels.join(", ")}` : ""})`,
    )
    .join("; ");
  describeSubmit(io, result, described || "license declarations");
  const top = outcome.recorded.at(-1) ?? outcome.alreadyRecorded[0];
  if (top !== undefined) io.stdout(`Use it as --base-model hf:${top.repo}\n`);
  return 0;
}

async function verifyRepo(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "hf verify",
    argv,
    {
      ...HUB_URL,
      revision: { type: "string" },
      release: { type: "string" },
      trust: { type: "string" },
      "require-witness": { type: "string" },
      "witness-key": { type: "string", multiple: true },
    },
    { min: 1, max: 1 },
  );
  if (values.help) return printHelp(io, hfHelp);
  const name = parseRepoName(positionals[0] as string, "model");
  const hub = hubOf(io, values["hub-url"]);
  const trust = values.trust === undefined ? undefined : readTrustArgument(io, values.trust);
  const progress = progressBar(io, "downloading small files");
  const report = await verifyHubRelease(hub, {
    name,
    ...(values.revision === undefined ? {} : { revision: values.revision }),
    ...(values.release === undefined ? {} : { releaseId: values.release }),
    ...(trust === undefined ? {} : { trust }),
    witnesses: witnessRequirement(values["require-witness"], values["witness-key"]),
    onProgress: (done, total) => progress.update(done, total),
  }).finally(() => progress.finish());
  if (values.json) {
    printJson(io, report);
    return report.valid ? 0 : 1;
  }
  for (const error of report.ledger.errors) io.stderr(`${error.code}: ${error.message}\n`);
  if (report.problem !== undefined) io.stderr(`${report.ledger.valid ? "UNKNOWN_ARTIFACT" : "TRUST_MISSING"}: ${report.problem}\n`);
  if (report.files !== undefined) describeFileFindings(io, report.files);
  const at = `${report.repo}@${report.revision.slice(0, 12)}`;
  const fetched = `downloaded ${report.downloaded.files} small file(s), ${report.downloaded.bytes} bytes, and no weights`;
  if (report.valid && report.release !== undefined) {
    const { release, ledger } = report;
    io.stdout(
      `Valid: ${at} holds exactly the ${release.files} file(s) of release ${release.id} (entry ${release.index}, ${release.license}), signed in ${ledger.origin}, ${entries(ledger.treeSize)} committed (root ${ledger.rootHash}); ${fetched}.\n`,
    );
    return 0;
  }
  io.stdout(`INVALID: ${at} does not match a valid signed release; ${fetched}.\n`);
  return 1;
}

/**
 * For `shoulders verify --dir PATH --release ID`: checks the files of a downloaded copy against the release's signed
 * digests, with a progress bar while hashing. The caller prints the ledger's own findings first.
 */
export async function verifyReleaseFiles(io: Io, dir: string, releaseId: string): Promise<ReleaseDirReport> {
  const progress = progressBar(io, "hashing");
  try {
    return await verifyReleaseDir({ dir, releaseId, onProgress: (done, total) => progress.update(done, total) });
  } finally {
    progress.finish();
  }
}

/** Prints a release check: one `CODE: path` line on stderr per file that differs, and a summary line on stdout. */
export function describeReleaseFiles(io: Io, report: ReleaseDirReport): void {
  for (const skipped of report.skipped) io.stderr(`skipped ${skipped.path}: ${skipped.reason}\n`);
  describeFileFindings(io, report);
  const { release } = report;
  io.stdout(
    report.ok
      ? `Files: all ${release.files} file(s) match release ${release.id} (entry ${release.index}, ${release.license}).\n`
      : `Files: they do not match release ${release.id} (entry ${release.index}).\n`,
  );
}

function describeFileFindings(io: Io, report: ReleaseFilesReport): void {
  for (const path of report.missing) io.stderr(`MISSING_FILE: ${path} is in the signed release but not here\n`);
  for (const path of report.changed) io.stderr(`CHANGED_FILE: ${path} does not match its signed sha256\n`);
  for (const path of report.extra) io.stderr(`EXTRA_FILE: ${path} is not in the signed release\n`);
  for (const path of report.unchecked) io.stderr(`UNCHECKED_FILE: ${path} could not be hashed\n`);
  const named = report.missing.length + report.changed.length + report.extra.length + report.unchecked.length;
  if (named === 0 && report.manifest.observed !== report.manifest.signed) {
    io.stderr(
      report.perFile
        ? "MANIFEST_MISMATCH: a file's size differs from the signed manifest\n"
        : "MANIFEST_MISMATCH: the files do not hash to the signed manifest (the release is too large to list each file, so the file cannot be named)\n",
    );
  }
}

function hubOf(io: Io, hubUrl: string | undefined): Hub {
  return resolveHub({ ...(hubUrl === undefined ? {} : { hubUrl }), env: io.env });
}

/** The ledger as readers see it, with this package's hub-model statements validated too. */
function loadHfIndex(dir: string): AttributionIndex {
  const { entries: valid, registry } = readEntries({ dir, predicates: hfPredicateValidators() });
  return new AttributionIndex(valid, registry);
}

function preview(paths: readonly string[]): string {
  return paths.length <= 3 ? paths.join(", ") : `${paths.slice(0, 3).join(", ")} and ${paths.length - 3} more`;
}
