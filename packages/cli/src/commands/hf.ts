import { resolve } from "node:path";
import { MODEL_RELATIONS, openAttributionLedger, parseContributorSpec, readAttribution } from "@shoulders/attribution";
import {
  type AttributedCommitResult,
  type Hub,
  hubDatasetStatement,
  hubModelStatements,
  type PublishedCosignatures,
  parseRepoName,
  parseRevision,
  publishCosignatures,
  requireToken,
  resolveHub,
  uploadWithAttribution,
  verifyHubRelease,
} from "@shoulders/hf";
import { ShouldersError } from "@shoulders/ledger";
import { ledgerDir, parse } from "../args.js";
import { describeSubmit, hashCachePath, loadIndex } from "../attribution.js";
import type { Io } from "../io.js";
import { entries, printHelp, printJson, progressBar } from "../output.js";
import { printVerdict, verdictExitCode, verdictJson } from "../print-verdict.js";
import { KEY_ENV, loadSigner } from "../signing-key.js";
import { VERDICT_FLAGS, VERDICT_HELP, verdictOptions } from "../verdict-options.js";

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
  hf verify ORG/NAME [--revision REV] [verdict options]
      downloads only .attribution/, the card and the small files, gives the ledger the
      same verdict as \`shoulders verify\`, and checks every file of the repository
      against the release's signed digests (LFS oids for large files). The release is
      --release ID, else the one the model card pins, else the latest of ORG/NAME.
      Exits 0 if and only if the ledger is valid and every file matches. Verdict options:
${VERDICT_HELP}`;

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
  const signer = loadSigner(io, values.key);
  const progress = progressBar(io, "hashing");
  let result: AttributedCommitResult;
  try {
    result = await uploadWithAttribution({
      repo,
      folder: resolve(io.cwd, positionals[0] as string),
      credentials: { hubUrl: hub.hubUrl, env: io.env },
      ledgerDir: dir,
      signer,
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
  const signer = loadSigner(io, values.key);
  const index = loadIndex(dir);
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
  const result = await openAttributionLedger(dir).submit([outcome.statement], signer);
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
  const signer = loadSigner(io, values.key);
  const { entries: ledgerEntries } = readAttribution({ dir });
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
  const result = await openAttributionLedger(dir).submit(outcome.statements, signer);
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
    { ...HUB_URL, ...VERDICT_FLAGS, revision: { type: "string" } },
    { min: 1, max: 1 },
  );
  if (values.help) return printHelp(io, hfHelp);
  const name = parseRepoName(positionals[0] as string, "model");
  const hub = hubOf(io, values["hub-url"]);
  const options = verdictOptions(io, values);
  const progress = progressBar(io, "downloading small files");
  const report = await verifyHubRelease(hub, {
    ...options,
    name,
    ...(values.revision === undefined ? {} : { revision: values.revision }),
    ...(values.release === undefined ? {} : { releaseId: values.release }),
    onProgress: (done, total) => progress.update(done, total),
  }).finally(() => progress.finish());
  if (values.json) {
    printJson(io, verdictJson(report));
    return verdictExitCode(report);
  }
  io.stdout(
    `Hub: ${report.repo}@${report.revision.slice(0, 12)}; downloaded ${report.downloaded.files} small file(s), ${report.downloaded.bytes} bytes, and no weights.\n`,
  );
  printVerdict(io, report);
  return verdictExitCode(report);
}

function hubOf(io: Io, hubUrl: string | undefined): Hub {
  return resolveHub({ ...(hubUrl === undefined ? {} : { hubUrl }), env: io.env });
}

function preview(paths: readonly string[]): string {
  return paths.length <= 3 ? paths.join(", ") : `${paths.slice(0, 3).join(", ")} and ${paths.length - 3} more`;
}
