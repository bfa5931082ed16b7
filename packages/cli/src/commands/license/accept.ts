import { acceptanceStatement, openAttributionLedger } from "@shoulders/attribution";
import { ShouldersError } from "@shoulders/ledger";
import { ledgerDir, parse } from "../../args.js";
import { describeSubmit, loadIndex } from "../../attribution.js";
import type { Subcommand } from "../../command.js";
import { printHelp, printJson } from "../../output.js";
import { KEY_ENV, loadSigner } from "../../signing-key.js";

export const licenseAccept: Subcommand = {
  usage: "license accept ARTIFACT --conflict CODE --reason TEXT [--ancestor ID]",
  about: `accepts a known conflict in a signed statement (key: --key FILE or
$${KEY_ENV}); every later check and model card shows it.`,
  flags: { artifact: "ARTIFACT", conflict: "--conflict", reason: "--reason", ancestor: "--ancestor" },
  async run(argv, io, help) {
    const { values, positionals } = parse(
      "license accept",
      argv,
      { key: { type: "string" }, conflict: { type: "string" }, reason: { type: "string" }, ancestor: { type: "string" } },
      { min: 1, max: 1 },
    );
    if (values.help) return printHelp(io, help);
    if (values.conflict === undefined || values.reason === undefined)
      throw new ShouldersError("USAGE", "license accept: --conflict CODE and --reason TEXT are required");
    const artifact = positionals[0] as string;
    const dir = ledgerDir(io, values.dir);
    const { statement, predicate } = acceptanceStatement(
      {
        artifact,
        conflict: values.conflict,
        reason: values.reason,
        ...(values.ancestor === undefined ? {} : { ancestor: values.ancestor }),
      },
      loadIndex(dir),
    );
    const signer = loadSigner(io, values.key);
    const result = await openAttributionLedger(dir).submit([statement], signer);
    if (values.json) return printJson(io, { recorded: true, predicate, ...result });
    describeSubmit(io, result, `the acceptance of ${values.conflict} for ${artifact}`);
    return 0;
  },
};
