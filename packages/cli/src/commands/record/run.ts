import { hostname } from "node:os";
import { resolve } from "node:path";
import {
  cappedMessage,
  openAttributionLedger,
  parseDatasetRef,
  plural,
  readParamsFile,
  runBuilder,
  runCode,
  runCodeCommits,
  runStatement,
  runTimes,
  runTrainer,
} from "@shoulders/attribution";
import { layoutOf, readTrust, ShouldersError } from "@shoulders/ledger";
import { ledgerDir, parse } from "../../args.js";
import { describeSubmit, hashCachePath, loadIndex } from "../../attribution.js";
import type { Subcommand } from "../../command.js";
import { hashingProgress, printHelp, printJson } from "../../output.js";
import { loadSigner } from "../../signing-key.js";

export const recordRun: Subcommand = {
  usage: `record run --id RUN --output DIR [--base-model REF]... [--dataset ID[@V][:epochs=N]]...
           [--params FILE] [--code REV] [--trainer IDENTITY] [--builder URI]
           [--started TIME] [--finished TIME] [--hash-emails]`,
  about: `a fine-tune run, as SLSA Provenance v1. REF is a model released in this ledger or
hf:ORG/NAME[@REVISION]. --code defaults to HEAD of the ledger's git repository; the
commits up to it that the ledger lacks are recorded first (--hash-emails as record commits;
by default as the ledger's commits are).
--trainer defaults to the public identity of your commits: your key's identity in the
log, the GitHub login that started a GitHub Actions run, or the login git's user.email
leads to (a noreply address, a trust link, recorded commits); never an e-mail address.
--builder is a URI (SLSA builder.id); by default the GitHub Actions workflow, or
https://shoulders.dev/builders/cli#HOST on a machine of your own.`,
  flags: {
    baseModels: "--base-model",
    datasets: "--dataset",
    code: "--code",
    trainer: "--trainer",
    startedOn: "--started",
    finishedOn: "--finished",
  },
  async run(argv, io, help) {
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
      "hash-emails": { type: "boolean" },
    });
    if (values.help) return printHelp(io, help);
    if (values.id === undefined || values.output === undefined)
      throw new ShouldersError("USAGE", "record run: --id RUN and --output DIR are required");
    const dir = ledgerDir(io, values.dir);
    const datasets = (values.dataset ?? []).map(parseDatasetRef);
    const hyperparameters = values.params === undefined ? {} : readParamsFile(resolve(io.cwd, values.params), values.params);
    const times = runTimes(
      {
        ...(values.started === undefined ? {} : { startedOn: values.started }),
        ...(values.finished === undefined ? {} : { finishedOn: values.finished }),
      },
      new Date(),
    );
    const signer = loadSigner(io, values.key);
    const index = loadIndex(dir);
    const trainer = runTrainer({
      ...(values.trainer === undefined ? {} : { trainer: values.trainer }),
      index,
      keyid: signer.keyid,
      dir,
      env: io.env,
    });
    const code = runCode({ dir, ...(values.code === undefined ? {} : { rev: values.code }), origin: readTrust(layoutOf(dir)).origin });
    // The code revision goes into the ledger first, with every ancestor it lacks (often the record action's own
    // ledger commit at HEAD), so the split can walk from it to every earlier author.
    const commits =
      code === undefined
        ? undefined
        : await runCodeCommits({
            dir,
            code,
            index,
            origin: readTrust(layoutOf(dir)).origin,
            ...(values["hash-emails"] === true ? { hashEmails: true } : {}),
          });
    for (const capped of commits?.capped ?? []) io.stderr(`warning: ${cappedMessage(capped)}\n`);
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
      ...times,
      index,
      onProgress: progress.onProgress,
      cachePath: hashCachePath(dir),
      within: dir,
    });
    progress.finish(built.skipped);
    const result = await openAttributionLedger(dir).submit([...(commits?.statements ?? []), built.statement], signer);
    const codeCommits = commits?.commits ?? 0;
    if (values.json) return printJson(io, { recorded: true, run: values.id, trainer, code, codeCommits, uses: built.uses, ...result });
    const uses = built.uses.map((use) => `${use.id}@${use.version} ${use.records} × ${use.epochs}`).join(", ");
    const first = codeCommits > 0 ? ` and, first, ${plural(codeCommits, "commit")} up to its code` : "";
    describeSubmit(io, result, `run ${values.id} by ${trainer}${uses ? ` (${uses})` : ""}${first}`);
    return 0;
  },
};
