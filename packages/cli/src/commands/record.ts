import { hostname } from "node:os";
import { resolve } from "node:path";
import {
  type AttributionIndex,
  commitStatements,
  datasetStatement,
  gitTopLevel,
  headCommit,
  identitiesOf,
  licenseStatement,
  MODEL_RELATIONS,
  openAttributionLedger,
  ownerParty,
  parseAmount,
  parseContributorSpec,
  parseDatasetRef,
  parsePeriod,
  percent,
  plural,
  policyStatement,
  queryGit,
  readParamsFile,
  readPolicyFile,
  releaseStatement,
  remoteUrlOf,
  runBuilder,
  runGit,
  runStatement,
  usageStatement,
} from "@shoulders/attribution";
import { isIdentity, layoutOf, normaliseIdentity, readTrust, ShouldersError, type Signer } from "@shoulders/ledger";
import { type DeclaredTerms, DeclaredTermsSchema } from "@shoulders/license";
import { ledgerDir, parse, parseIndex } from "../args.js";
import { describeSubmit, hashCachePath, loadIndex } from "../attribution.js";
import type { Io } from "../io.js";
import { hashingProgress, printHelp, printJson } from "../output.js";
import { KEY_ENV, loadSigner } from "../signing-key.js";

export const recordHelp = `Usage: shoulders record <commits|dataset|run|release|usage|policy|license> [options]

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
             [--params FILE] [--code REV] [--trainer IDENTITY] [--builder URI]
             [--started TIME] [--finished TIME]
      a fine-tune run, as SLSA Provenance v1. REF is a model released in this ledger or
      hf:ORG/NAME[@REVISION]. --code defaults to HEAD of the ledger's git repository.
      --builder is a URI (SLSA builder.id); by default the GitHub Actions workflow, or
      https://shoulders.dev/builders/cli#HOST on a machine of your own.
  record release DIR --id MODEL_ID --license L [--from-run RUN] [--base-model REF]...
             [--relation finetune|adapter|merge|quantized] [--version V]
      a model release: its files (README.md and .attribution/ excluded), its run and
      base models.
  record usage --artifact ID --uses N [--revenue AMOUNT --currency CUR] --period START/END
             [--reporter IDENTITY] [--supersedes INDEX]
      a usage receipt: runs and revenue for a period (days, both included), signed by
      your key, which needs the usage role (shoulders trust add ... --role usage) unless
      it is a log key. A period overlapping your earlier receipt is refused unless
      --supersedes names the receipt it corrects.
  record policy ARTIFACT FILE
      the split policy of ARTIFACT, from a YAML or JSON file in percentages:
        upstream: 30%
        inputs: { datasets: 50%, baseModels: 50% }
        own: { trainer: 50%, code: 50%, codeWeighting: commits }   # or lines, declared
  record license ARTIFACT --license L [--name NAME --link URL|FILE] [--terms FILE]
      declares or changes the license of a released model, a dataset, or an external Hub
      model (hf:ORG/NAME). L is a Hub id or an SPDX expression; "other" needs --name and
      --link: a URL, or a file of the model's repository such as LICENSE. --terms FILE
      (YAML or JSON) declares terms beyond the standard ones, such as
      fees: { perUse: { amount: "0.0004", currency: USD } }.`;

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
    case "usage":
      return usage(rest, io);
    case "policy":
      return policy(rest, io);
    case "license":
      return recordLicense(rest, io);
    case undefined:
    case "--help":
    case "-h":
      printHelp(io, recordHelp);
      return sub === undefined ? 2 : 0;
    default:
      throw new ShouldersError("USAGE", `record: unknown kind "${sub}" (commits, dataset, run, release, usage, policy or license)`);
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
  const signer = loadSigner(io, values.key);
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
  const result = await openAttributionLedger(dir).submit(built.statements, signer);
  if (values.json)
    return printJson(io, { recorded: built.commits, ledgerOnly: built.ledgerOnly, statements: built.statements.length, ...result });
  const bookkeeping = built.ledgerOnly > 0 ? ` (${built.ledgerOnly} of them ledger-only, credited to nobody)` : "";
  describeSubmit(io, result, `${plural(built.commits, "commit")}${bookkeeping}`);
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
  const signer = loadSigner(io, values.key);
  const index = loadIndex(dir);
  const progress = hashingProgress(io);
  const outcome = await datasetStatement({
    dir: resolve(io.cwd, positionals[0] as string),
    id: values.id,
    ...(values.version === undefined ? {} : { version: values.version }),
    ...(values.license === undefined ? {} : { license: values.license }),
    contributors,
    index,
    onProgress: progress.onProgress,
    cachePath: hashCachePath(dir),
  });
  progress.finish(outcome.skipped);
  if (outcome.kind === "unchanged") {
    if (values.json)
      return printJson(io, { recorded: false, id: values.id, version: outcome.existing.predicate.version, index: outcome.existing.index });
    io.stdout(
      `Nothing new: ${values.id}@${outcome.existing.predicate.version} (entry ${outcome.existing.index}) has exactly these files.\n`,
    );
    return 0;
  }
  const result = await openAttributionLedger(dir).submit([outcome.statement], signer);
  if (values.json) return printJson(io, { recorded: true, predicate: outcome.predicate, filesListed: outcome.filesListed, ...result });
  const who = outcome.predicate.contributors.map((c) => `${c.identity} ${c.records}`).join(", ");
  describeSubmit(
    io,
    result,
    `${values.id}@${outcome.predicate.version}: ${plural(outcome.predicate.files, "file")}, ${plural(outcome.predicate.records, "record")}${who ? ` (${who})` : ""}`,
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
  const signer = loadSigner(io, values.key);
  const index = loadIndex(dir);
  const trainer = trainerOf(values.trainer, index, signer, dir);
  const code = codeOf(values.code, dir, readTrust(layoutOf(dir)).origin);
  const progress = hashingProgress(io);
  const built = await runStatement({
    id: values.id,
    outputDir: resolve(io.cwd, values.output),
    baseModels: values["base-model"] ?? [],
    datasets,
    hyperparameters,
    ...(code === undefined ? {} : { code }),
    trainer,
    ...(values.builder === undefined ? runBuilder(io.env, hostname()) : { builderId: values.builder }),
    startedOn,
    finishedOn,
    index,
    onProgress: progress.onProgress,
    cachePath: hashCachePath(dir),
  });
  progress.finish(built.skipped);
  const result = await openAttributionLedger(dir).submit([built.statement], signer);
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
  const signer = loadSigner(io, values.key);
  const index = loadIndex(dir);
  const progress = hashingProgress(io);
  const outcome = await releaseStatement({
    dir: resolve(io.cwd, positionals[0] as string),
    id: values.id,
    license: values.license,
    ...(values.version === undefined ? {} : { version: values.version }),
    ...(values["from-run"] === undefined ? {} : { fromRun: values["from-run"] }),
    baseModels: values["base-model"] ?? [],
    ...(relation === undefined ? {} : { relation: relation as (typeof MODEL_RELATIONS)[number] }),
    index,
    onProgress: progress.onProgress,
    cachePath: hashCachePath(dir),
  });
  progress.finish(outcome.skipped);
  if (outcome.kind === "unchanged") {
    if (values.json) return printJson(io, { recorded: false, id: values.id, index: outcome.existing.index });
    io.stdout(`Nothing new: the release of ${values.id} at entry ${outcome.existing.index} has exactly these files and license.\n`);
    return 0;
  }
  const result = await openAttributionLedger(dir).submit([outcome.statement], signer);
  if (values.json) return printJson(io, { recorded: true, predicate: outcome.predicate, ...result });
  describeSubmit(io, result, `release ${values.id} (${plural(outcome.predicate.files, "file")}, ${outcome.predicate.license})`);
  return 0;
}

async function usage(argv: string[], io: Io): Promise<number> {
  const { values } = parse("record usage", argv, {
    key: { type: "string" },
    artifact: { type: "string" },
    uses: { type: "string" },
    revenue: { type: "string" },
    currency: { type: "string" },
    period: { type: "string" },
    reporter: { type: "string" },
    supersedes: { type: "string" },
  });
  if (values.help) return printHelp(io, recordHelp);
  if (values.artifact === undefined || values.uses === undefined || values.period === undefined) {
    throw new ShouldersError("USAGE", "record usage: --artifact ID, --uses N and --period START/END are required");
  }
  if ((values.revenue === undefined) !== (values.currency === undefined)) {
    throw new ShouldersError("USAGE", "record usage: --revenue and --currency go together, e.g. --revenue 480.00 --currency USD");
  }
  const uses = parseIndex(values.uses, "--uses");
  const period = parsePeriod(values.period);
  const revenue = values.revenue === undefined ? undefined : parseAmount(values.revenue, values.currency as string);
  const supersedes = values.supersedes === undefined ? undefined : parseIndex(values.supersedes, "--supersedes");
  const dir = ledgerDir(io, values.dir);
  const signer = loadSigner(io, values.key);
  const index = loadIndex(dir);
  const owner = ownerParty(readTrust(layoutOf(dir)).origin);
  const reporter = reporterOf(index, signer, owner);
  if (values.reporter !== undefined && normaliseIdentity(values.reporter) !== reporter) {
    throw new ShouldersError(
      "BAD_ARGUMENT",
      `--reporter ${values.reporter}: your key speaks for ${reporter}; the reporter is the key's identity, not a flag`,
    );
  }
  const statement = usageStatement({
    artifact: values.artifact,
    uses,
    ...(revenue === undefined ? {} : { revenue }),
    period,
    ...(supersedes === undefined ? {} : { supersedes }),
    reporter,
    owner,
    index,
  });
  const result = await openAttributionLedger(dir).submit([statement], signer);
  if (values.json) return printJson(io, { recorded: true, reporter, predicate: statement.predicate, ...result });
  const money = revenue === undefined ? "" : ` and ${values.revenue} ${values.currency}`;
  describeSubmit(io, result, `${uses} uses${money} of ${values.artifact} for ${period.start}/${period.end}, reported by ${reporter}`);
  return 0;
}

async function policy(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("record policy", argv, { key: { type: "string" } }, { min: 2, max: 2 });
  if (values.help) return printHelp(io, recordHelp);
  const [artifact, file] = positionals as [string, string];
  const dir = ledgerDir(io, values.dir);
  const declared = readPolicyFile(resolve(io.cwd, file), artifact, file);
  const signer = loadSigner(io, values.key);
  const statement = policyStatement(declared, loadIndex(dir));
  const result = await openAttributionLedger(dir).submit([statement], signer);
  if (values.json) return printJson(io, { recorded: true, policy: declared, ...result });
  describeSubmit(io, result, `the split policy of ${artifact} (upstream ${percent(declared.upstream)})`);
  return 0;
}

async function recordLicense(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "record license",
    argv,
    { key: { type: "string" }, license: { type: "string" }, name: { type: "string" }, link: { type: "string" }, terms: { type: "string" } },
    { min: 1, max: 1 },
  );
  if (values.help) return printHelp(io, recordHelp);
  if (values.license === undefined) throw new ShouldersError("USAGE", "record license: --license L is required, e.g. --license apache-2.0");
  const artifact = positionals[0] as string;
  const terms =
    values.terms === undefined ? undefined : parseDeclaredTerms(readParamsFile(resolve(io.cwd, values.terms), values.terms), values.terms);
  const dir = ledgerDir(io, values.dir);
  const { statement, predicate } = licenseStatement(
    {
      artifact,
      license: values.license,
      ...(values.name === undefined ? {} : { name: values.name }),
      ...(values.link === undefined ? {} : { link: values.link }),
      ...(terms === undefined ? {} : { terms }),
    },
    loadIndex(dir),
  );
  const signer = loadSigner(io, values.key);
  const result = await openAttributionLedger(dir).submit([statement], signer);
  if (values.json) return printJson(io, { recorded: true, predicate, ...result });
  describeSubmit(io, result, `the license of ${artifact} (${predicate.license})`);
  return 0;
}

function parseDeclaredTerms(value: Record<string, unknown>, file: string): DeclaredTerms {
  const parsed = DeclaredTermsSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ShouldersError("PARAMS_INVALID", `${file}: ${issue?.path.join(".") || "terms"}: ${issue?.message}`);
  }
  return parsed.data;
}

/** The reporter of a receipt is the signing key's identity: the owner for a log key, else its declared identity. */
function reporterOf(index: AttributionIndex, signer: Signer, owner: string): string {
  const keyid = signer.keyid;
  const key = index.registry?.get(keyid);
  if (key?.isLogKey) return owner;
  if (key === undefined || key.revokedAt !== undefined) {
    throw new ShouldersError(
      "UNAUTHORISED_SIGNER",
      "your key is not declared in this ledger; ask its owner to run `shoulders trust add --public-key … --identity … --role usage`",
    );
  }
  if (!key.roles.includes("usage")) {
    throw new ShouldersError(
      "UNAUTHORISED_SIGNER",
      `your key (${key.identity}) lacks the usage role; ask the owner to add a key with --role usage`,
    );
  }
  return index.registry?.party(key.identity) ?? key.identity;
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
function trainerOf(flag: string | undefined, index: AttributionIndex, signer: Signer, dir: string): string {
  const candidate = flag ?? declaredIdentity(index, signer) ?? gitUserIdentity(dir);
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

function declaredIdentity(index: AttributionIndex, signer: Signer): string | undefined {
  const identity = index.signerIdentity(signer.keyid);
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
