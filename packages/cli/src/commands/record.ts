import { hostname } from "node:os";
import { resolve } from "node:path";
import {
  type AttributionIndex,
  commitStatements,
  datasetStatement,
  gitTopLevel,
  headCommit,
  identitiesOf,
  MODEL_RELATIONS,
  parseContributorSpec,
  parseDatasetRef,
  queryGit,
  readParamsFile,
  releaseStatement,
  remoteUrlOf,
  runGit,
  runStatement,
} from "@shoulders/attribution";
import {
  isIdentity,
  keyIdOf,
  layoutOf,
  normaliseIdentity,
  publicKeyFromSecret,
  readTrust,
  ShouldersError,
  submitStatements,
} from "@shoulders/ledger";
import { ledgerDir, parse } from "../args.js";
import { describeSubmit, hashCachePath, loadIndex } from "../attribution.js";
import type { Io } from "../io.js";
import { printHelp, printJson, progressBar } from "../output.js";
import { KEY_ENV, loadSigningKey } from "../signing-key.js";

export const recordHelp = `Usage: shoulders record <commits|dataset|run|release> [options]

Records who did what as signed statements. With a log key they are appended; with any
other key they become pending files. The key comes from --key FILE or $${KEY_ENV}.

  record commits [REV_RANGE] [--hash-emails]
      every reachable commit (or those in REV_RANGE, e.g. v1..HEAD) not yet recorded:
      author, co-authors, committer, times, parents, change stats, sign-offs.
      --hash-emails records email-sha256: identities instead of addresses.
  record dataset DIR --id ID [--version V] [--license L] [--contributor ID=COUNT|ID=GLOB]...
      a dataset version: its manifest and files, and each contributor's records
      (a GLOB counts the lines of .jsonl/.csv files it matches, else the files).
  record run --id RUN --output DIR [--base-model REF]... [--dataset ID[@V][:epochs=N]]...
             [--params FILE] [--code REV] [--trainer IDENTITY] [--builder ID]
             [--started TIME] [--finished TIME]
      a fine-tune run, as SLSA Provenance v1. REF is a model released in this ledger or
      hf:ORG/NAME[@REVISION]. --code defaults to HEAD of the ledger's git repository.
  record release DIR --id MODEL_ID --license L [--from-run RUN] [--base-model REF]...
             [--relation finetune|adapter|merge|quantized] [--version V]
      a model release: its files (README.md and .attribution/ excluded), its run and
      base models.`;

export async function record(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case "commits":
      return commits(rest, io);
    case "dataset":
      return dataset(rest, io);
    case "run":
      return run(rest, io);
    case "release":
      return release(rest, io);
    case undefined:
    case "--help":
    case "-h":
      printHelp(io, recordHelp);
      return sub === undefined ? 2 : 0;
    default:
      throw new ShouldersError("USAGE", `record: unknown kind "${sub}" (commits, dataset, run or release)`);
  }
}

async function commits(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "record commits",
    argv,
    { key: { type: "string" }, "hash-emails": { type: "boolean" } },
    { min: 0, max: 1 },
  );
  if (values.help) return printHelp(io, recordHelp);
  const dir = ledgerDir(io, values.dir);
  const seed = loadSigningKey(io, values.key);
  const repoDir = gitTopLevel(dir);
  if (repoDir === undefined)
    throw new ShouldersError("NOT_A_GIT_REPOSITORY", `${dir} is not inside a git repository; run the command in your clone or pass --dir`);
  const index = loadIndex(dir);
  const built = await commitStatements({
    repoDir,
    ...(positionals[0] === undefined ? {} : { range: positionals[0] }),
    origin: readTrust(layoutOf(dir)).origin,
    recorded: new Set(index.commits.keys()),
    hashEmails: values["hash-emails"] === true,
  });
  if (built.statements.length === 0) {
    if (values.json) return printJson(io, { recorded: 0, alreadyRecorded: index.commits.size });
    io.stdout(`Nothing new: every commit in range is recorded (${index.commits.size} in the ledger).\n`);
    return 0;
  }
  const result = await submitStatements(dir, built.statements, seed);
  if (values.json)
    return printJson(io, { recorded: built.commits, ledgerOnly: built.ledgerOnly, statements: built.statements.length, ...result });
  const bookkeeping = built.ledgerOnly > 0 ? ` (${built.ledgerOnly} of them ledger-only, credited to nobody)` : "";
  describeSubmit(io, result, `${built.commits} commit(s)${bookkeeping}`);
  return 0;
}

async function dataset(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "record dataset",
    argv,
    {
      key: { type: "string" },
      id: { type: "string" },
      version: { type: "string" },
      license: { type: "string" },
      contributor: { type: "string", multiple: true },
    },
    { min: 1, max: 1 },
  );
  if (values.help) return printHelp(io, recordHelp);
  if (values.id === undefined) throw new ShouldersError("USAGE", "record dataset: --id ID is required, e.g. --id acme/reviews");
  const dir = ledgerDir(io, values.dir);
  const contributors = (values.contributor ?? []).map(parseContributorSpec);
  const seed = loadSigningKey(io, values.key);
  const index = loadIndex(dir);
  const progress = progressBar(io, "hashing");
  const outcome = await datasetStatement({
    dir: resolve(io.cwd, positionals[0] as string),
    id: values.id,
    ...(values.version === undefined ? {} : { version: values.version }),
    ...(values.license === undefined ? {} : { license: values.license }),
    contributors,
    index,
    onProgress: (done, total) => progress.update(done, total),
    cachePath: hashCachePath(dir),
  });
  progress.finish();
  for (const skipped of outcome.skipped) io.stderr(`skipped ${skipped.path}: ${skipped.reason}\n`);
  if (outcome.kind === "unchanged") {
    if (values.json)
      return printJson(io, { recorded: false, id: values.id, version: outcome.existing.predicate.version, index: outcome.existing.index });
    io.stdout(
      `Nothing new: ${values.id}@${outcome.existing.predicate.version} (entry ${outcome.existing.index}) has exactly these files.\n`,
    );
    return 0;
  }
  const result = await submitStatements(dir, [outcome.statement], seed);
  if (values.json) return printJson(io, { recorded: true, predicate: outcome.predicate, filesListed: outcome.filesListed, ...result });
  const who = outcome.predicate.contributors.map((c) => `${c.identity} ${c.records}`).join(", ");
  describeSubmit(
    io,
    result,
    `${values.id}@${outcome.predicate.version}: ${outcome.predicate.files} files, ${outcome.predicate.records} records${who ? ` (${who})` : ""}`,
  );
  return 0;
}

async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parse("record run", argv, {
    key: { type: "string" },
    id: { type: "string" },
    output: { type: "string" },
    "base-model": { type: "string", multiple: true },
    dataset: { type: "string", multiple: true },
    params: { type: "string" },
    code: { type: "string" },
    trainer: { type: "string" },
    builder: { type: "string" },
    started: { type: "string" },
    finished: { type: "string" },
  });
  if (values.help) return printHelp(io, recordHelp);
  if (values.id === undefined || values.output === undefined)
    throw new ShouldersError("USAGE", "record run: --id RUN and --output DIR are required");
  const dir = ledgerDir(io, values.dir);
  const datasets = (values.dataset ?? []).map(parseDatasetRef);
  const hyperparameters = values.params === undefined ? {} : readParamsFile(resolve(io.cwd, values.params), values.params);
  const finishedOn = timestamp(values.finished, "--finished") ?? new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const startedOn = timestamp(values.started, "--started") ?? finishedOn;
  const seed = loadSigningKey(io, values.key);
  const index = loadIndex(dir);
  const trainer = trainerOf(values.trainer, index, seed, dir);
  const code = codeOf(values.code, dir, readTrust(layoutOf(dir)).origin);
  const progress = progressBar(io, "hashing");
  const built = await runStatement({
    id: values.id,
    outputDir: resolve(io.cwd, values.output),
    baseModels: values["base-model"] ?? [],
    datasets,
    hyperparameters,
    ...(code === undefined ? {} : { code }),
    trainer,
    builderId: values.builder ?? builderOf(io.env),
    startedOn,
    finishedOn,
    index,
    onProgress: (done, total) => progress.update(done, total),
    cachePath: hashCachePath(dir),
  });
  progress.finish();
  for (const skipped of built.skipped) io.stderr(`skipped ${skipped.path}: ${skipped.reason}\n`);
  const result = await submitStatements(dir, [built.statement], seed);
  if (values.json) return printJson(io, { recorded: true, run: values.id, trainer, code, uses: built.uses, ...result });
  const uses = built.uses.map((use) => `${use.id}@${use.version} ${use.records} × ${use.epochs}`).join(", ");
  describeSubmit(io, result, `run ${values.id} by ${trainer}${uses ? ` (${uses})` : ""}`);
  return 0;
}

async function release(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "record release",
    argv,
    {
      key: { type: "string" },
      id: { type: "string" },
      license: { type: "string" },
      "from-run": { type: "string" },
      "base-model": { type: "string", multiple: true },
      relation: { type: "string" },
      version: { type: "string" },
    },
    { min: 1, max: 1 },
  );
  if (values.help) return printHelp(io, recordHelp);
  if (values.id === undefined || values.license === undefined)
    throw new ShouldersError("USAGE", "record release: --id MODEL_ID and --license L are required");
  const relation = values.relation;
  if (relation !== undefined && !(MODEL_RELATIONS as readonly string[]).includes(relation)) {
    throw new ShouldersError("BAD_ARGUMENT", `--relation must be one of ${MODEL_RELATIONS.join(", ")}`);
  }
  const dir = ledgerDir(io, values.dir);
  const seed = loadSigningKey(io, values.key);
  const index = loadIndex(dir);
  const progress = progressBar(io, "hashing");
  const outcome = await releaseStatement({
    dir: resolve(io.cwd, positionals[0] as string),
    id: values.id,
    license: values.license,
    ...(values.version === undefined ? {} : { version: values.version }),
    ...(values["from-run"] === undefined ? {} : { fromRun: values["from-run"] }),
    baseModels: values["base-model"] ?? [],
    ...(relation === undefined ? {} : { relation: relation as (typeof MODEL_RELATIONS)[number] }),
    index,
    onProgress: (done, total) => progress.update(done, total),
    cachePath: hashCachePath(dir),
  });
  progress.finish();
  for (const skipped of outcome.skipped) io.stderr(`skipped ${skipped.path}: ${skipped.reason}\n`);
  if (outcome.kind === "unchanged") {
    if (values.json) return printJson(io, { recorded: false, id: values.id, index: outcome.existing.index });
    io.stdout(`Nothing new: the release of ${values.id} at entry ${outcome.existing.index} has exactly these files and license.\n`);
    return 0;
  }
  const result = await submitStatements(dir, [outcome.statement], seed);
  if (values.json) return printJson(io, { recorded: true, predicate: outcome.predicate, ...result });
  describeSubmit(io, result, `release ${values.id} (${outcome.predicate.files} files, ${values.license})`);
  return 0;
}

function timestamp(text: string | undefined, flag: string): string | undefined {
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/.test(text) || Number.isNaN(time)) {
    throw new ShouldersError("BAD_ARGUMENT", `${flag} must be a date or time such as 2026-11-03 or 2026-11-03T10:00:00Z, not "${text}"`);
  }
  return new Date(time).toISOString().replace(/\.000Z$/, "Z");
}

/**
 * Who trained: --trainer, else the identity the log declares for the signing key, else git's user.email. The trainer
 * is credited for the run, so a guess that cannot be backed by anything is refused.
 */
function trainerOf(flag: string | undefined, index: AttributionIndex, seed: Uint8Array, dir: string): string {
  const candidate = flag ?? declaredIdentity(index, seed) ?? gitUserIdentity(dir);
  if (candidate === undefined)
    throw new ShouldersError(
      "USAGE",
      "record run: pass --trainer IDENTITY (e.g. github:tomo): your key has no identity in the log and git has no user.email",
    );
  const identity = normaliseIdentity(candidate);
  if (!isIdentity(identity))
    throw new ShouldersError("BAD_ARGUMENT", `--trainer "${candidate}" is not an identity such as github:tomo or hf:tomo`);
  return identity;
}

function declaredIdentity(index: AttributionIndex, seed: Uint8Array): string | undefined {
  const identity = index.signerIdentity(keyIdOf(publicKeyFromSecret(seed)));
  return identity === "log" ? undefined : identity;
}

function gitUserIdentity(dir: string): string | undefined {
  const email = queryGit(dir, ["config", "user.email"])?.trim();
  if (!email) return undefined;
  const name = queryGit(dir, ["config", "user.name"])?.trim() ?? "";
  return identitiesOf({ name, email })[0];
}

/** The training code: --code REV, else HEAD of the git repository the ledger lives in, if any. */
function codeOf(rev: string | undefined, dir: string, origin: string): { repository: string; sha: string } | undefined {
  const repoDir = gitTopLevel(dir);
  if (repoDir === undefined) {
    if (rev !== undefined) throw new ShouldersError("NOT_A_GIT_REPOSITORY", `--code ${rev}: ${dir} is not inside a git repository`);
    return undefined;
  }
  const sha =
    rev === undefined ? headCommit(repoDir) : runGit(repoDir, ["rev-parse", "--verify", "--end-of-options", `${rev}^{commit}`]).trim();
  if (sha === undefined) return undefined;
  return { repository: remoteUrlOf(repoDir) ?? origin, sha };
}

/** The platform that ran the build: the GitHub Actions workflow when there is one, else this CLI on this machine. */
function builderOf(env: NodeJS.ProcessEnv): string {
  if (env.GITHUB_ACTIONS === "true" && env.GITHUB_WORKFLOW_REF)
    return `${env.GITHUB_SERVER_URL ?? "https://github.com"}/${env.GITHUB_WORKFLOW_REF}`;
  return `https://shoulders.dev/cli@${hostname().replace(/[^A-Za-z0-9.-]/g, "-")}`;
}
