import { resolve } from "node:path";
import { licenseStatement, openAttributionLedger, readTermsFile } from "@shoulders/attribution";
import { ShouldersError } from "@shoulders/ledger";
import { ledgerDir, parse } from "../../args.js";
import { describeSubmit, loadIndex } from "../../attribution.js";
import type { Subcommand } from "../../command.js";
import { printHelp, printJson } from "../../output.js";
import { loadSigner } from "../../signing-key.js";

export const recordLicense: Subcommand = {
  usage: "record license ARTIFACT --license L [--name NAME --link URL|FILE] [--terms FILE]",
  about: `declares or changes the license of a released model, a dataset, or an external Hub
model (hf:ORG/NAME). L is a Hub id or an SPDX expression; "other" needs --name and
--link: a URL, or a file of the model's repository such as LICENSE. --terms FILE
(YAML or JSON) declares terms beyond the standard ones, such as
fees: { perUse: { amount: "0.0004", currency: USD } }.`,
  flags: { name: "--name", link: "--link" },
  async run(argv, io, help) {
    const { values, positionals } = parse(
      "record license",
      argv,
      {
        key: { type: "string" },
        license: { type: "string" },
        name: { type: "string" },
        link: { type: "string" },
        terms: { type: "string" },
      },
      { min: 1, max: 1 },
    );
    if (values.help) return printHelp(io, help);
    if (values.license === undefined)
      throw new ShouldersError("USAGE", "record license: --license L is required, e.g. --license apache-2.0");
    const artifact = positionals[0] as string;
    const terms = values.terms === undefined ? undefined : readTermsFile(resolve(io.cwd, values.terms), values.terms);
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
  },
};
