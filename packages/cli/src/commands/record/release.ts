import { resolve } from "node:path";
import { openAttributionLedger, parseModelRelation, plural, releaseStatement } from "@shoulders/attribution";
import { ShouldersError } from "@shoulders/ledger";
import { ledgerDir, parse } from "../../args.js";
import { describeSubmit, hashCachePath, loadIndex } from "../../attribution.js";
import type { Subcommand } from "../../command.js";
import { hashingProgress, printHelp, printJson } from "../../output.js";
import { loadSigner } from "../../signing-key.js";

export const recordRelease: Subcommand = {
  usage: `record release DIR --id MODEL_ID --license L [--from-run RUN] [--base-model REF]...
               [--relation finetune|adapter|merge|quantized] [--version V]`,
  about: `a model release: its files (README.md and .attribution/ excluded), its run and
base models.`,
  flags: { relation: "--relation", baseModels: "--base-model" },
  async run(argv, io, help) {
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
    if (values.help) return printHelp(io, help);
    if (values.id === undefined || values.license === undefined)
      throw new ShouldersError("USAGE", "record release: --id MODEL_ID and --license L are required");
    const relation = values.relation === undefined ? undefined : parseModelRelation(values.relation);
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
      ...(relation === undefined ? {} : { relation }),
      index,
      onProgress: progress.onProgress,
      cachePath: hashCachePath(dir),
      within: dir,
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
  },
};
