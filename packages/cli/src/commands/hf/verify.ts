import { parseRepoName, verifyHubRelease } from "@shoulders/hf";
import { parse } from "../../args.js";
import type { Subcommand } from "../../command.js";
import { HUB_FIELD_FLAGS, HUB_URL_OPTION, hubOf } from "../../hub-option.js";
import { printHelp, printJson, progressBar } from "../../output.js";
import { printVerdict, verdictExitCode, verdictJson } from "../../print-verdict.js";
import { VERDICT_FIELD_FLAGS, VERDICT_FLAGS, VERDICT_HELP, verdictOptions } from "../../verdict-options.js";

const FLAGS = { ...HUB_FIELD_FLAGS, ...VERDICT_FIELD_FLAGS };

export const hfVerify: Subcommand = {
  usage: "hf verify ORG/NAME [--revision REV] [verdict options]",
  about: `downloads only .attribution/, the card and the small files, gives the ledger the
same verdict as \`shoulders verify\`, and checks every file of the repository
against the release's signed digests (LFS oids for large files). The release is
--release ID, else the one the model card pins, else the latest of ORG/NAME.
Exits 0 if and only if the ledger is valid and every file matches. Verdict options:
${VERDICT_HELP}`,
  flags: FLAGS,
  async run(argv, io, help) {
    const { values, positionals } = parse(
      "hf verify",
      argv,
      { ...HUB_URL_OPTION, ...VERDICT_FLAGS, revision: { type: "string" } },
      { min: 1, max: 1 },
    );
    if (values.help) return printHelp(io, help);
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
    printVerdict(io, report, FLAGS);
    return verdictExitCode(report);
  },
};
