import { resolve } from "node:path";
import { datasetStatement, openAttributionLedger, parseContributorSpec, plural } from "@shoulders/attribution";
import { ShouldersError } from "@shoulders/ledger";
import { ledgerDir, parse } from "../../args.js";
import { describeSubmit, hashCachePath, loadIndex } from "../../attribution.js";
import type { Subcommand } from "../../command.js";
import { hashingProgress, printHelp, printJson } from "../../output.js";
import { loadSigner } from "../../signing-key.js";

export const recordDataset: Subcommand = {
  usage: "record dataset DIR --id ID [--version V] [--license L] [--contributor ID=COUNT|ID=GLOB]...",
  about: `a dataset version: its manifest and files, its distinct records and their Merkle
root, and each contributor's records. Records count by content: the distinct non-blank
lines of .jsonl/.csv files (less a .csv header), each other file one record. A GLOB is
credited with the distinct records of the files it matches that no earlier GLOB claimed;
a COUNT is declared (marked so in the statement) and no credit may exceed the records.`,
  flags: { version: "--version", contributors: "--contributor" },
  async run(argv, io, help) {
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
    if (values.help) return printHelp(io, help);
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
      within: dir,
    });
    progress.finish(outcome.skipped);
    if (outcome.kind === "unchanged") {
      const existing = outcome.existing;
      if (values.json) return printJson(io, { recorded: false, id: values.id, version: existing.predicate.version, index: existing.index });
      io.stdout(`Nothing new: ${values.id}@${existing.predicate.version} (entry ${existing.index}) has exactly these files.\n`);
      return 0;
    }
    const result = await openAttributionLedger(dir).submit([outcome.statement], signer);
    if (values.json) return printJson(io, { recorded: true, predicate: outcome.predicate, filesListed: outcome.filesListed, ...result });
    const { predicate } = outcome;
    const who = predicate.contributors.map((c) => `${c.identity} ${c.records}${c.declared ? " declared" : ""}`).join(", ");
    describeSubmit(
      io,
      result,
      `${values.id}@${predicate.version}: ${plural(predicate.files, "file")}, ${plural(predicate.records, "record")}${who ? ` (${who})` : ""}`,
    );
    return 0;
  },
};
