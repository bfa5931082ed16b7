import { openAttributionLedger, parseContributorSpec } from "@shoulders/attribution";
import { hubDatasetStatement, parseRepoName } from "@shoulders/hf";
import { ledgerDir, parse } from "../../args.js";
import { describeSubmit, loadIndex } from "../../attribution.js";
import type { Subcommand } from "../../command.js";
import { HUB_FIELD_FLAGS, HUB_URL_OPTION, hubOf } from "../../hub-option.js";
import { printHelp, printJson, progressBar } from "../../output.js";
import { loadSigner } from "../../signing-key.js";

export const hfDataset: Subcommand = {
  usage: `hf dataset ORG/NAME [--revision REV] [--id ID] [--version V] [--license L]
           [--contributor ID=COUNT|ID=GLOB]... [--count-records]`,
  about: `records a dataset version from a Hub revision, resolved to its commit. LFS files are
taken by their LFS sha256, with no download; small files are downloaded and hashed.
Records are the lines of the .jsonl/.csv files that get downloaded, and 1 for every
other file; --count-records also downloads the LFS .jsonl/.csv files to count theirs.
--id defaults to ORG/NAME, --version to the commit's first 12 digits, --license to the
dataset card's license.`,
  flags: { ...HUB_FIELD_FLAGS, version: "--version", contributors: "--contributor" },
  async run(argv, io, help) {
    const { values, positionals } = parse(
      "hf dataset",
      argv,
      {
        ...HUB_URL_OPTION,
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
    if (values.help) return printHelp(io, help);
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
    const { predicate, downloaded } = outcome;
    if (values.json) return printJson(io, { recorded: true, revision: outcome.revision, predicate, downloaded, ...result });
    const fetched =
      downloaded.files === 0 ? "nothing downloaded" : `${downloaded.files} small file(s) downloaded, ${downloaded.bytes} bytes`;
    describeSubmit(
      io,
      result,
      `${predicate.id}@${predicate.version} from ${at}: ${predicate.files} files, ${predicate.records} records, license ${predicate.license ?? "not declared"} (${fetched})`,
    );
    return 0;
  },
};
