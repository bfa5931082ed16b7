import { resolve } from "node:path";
import { openAttributionLedger, percent, policyEffectiveFrom, policyStatement, readPolicyFile } from "@shoulders/attribution";
import { ledgerDir, parse } from "../../args.js";
import { describeSubmit, loadIndex } from "../../attribution.js";
import type { Subcommand } from "../../command.js";
import { printHelp, printJson } from "../../output.js";
import { loadSigner } from "../../signing-key.js";

export const recordPolicy: Subcommand = {
  usage: "record policy ARTIFACT FILE [--from DAY]",
  about: `the split policy of ARTIFACT, from a YAML or JSON file in percentages:
  upstream: 30%
  inputs: { datasets: 50%, baseModels: 50% }
  own: { trainer: 50%, code: 50%, codeWeighting: commits }   # or lines, declared
It splits revenue reported after it for periods from DAY on (default: today, UTC; never
earlier). Revenue already reported, or earned before DAY, keeps the policy in force then.`,
  flags: { effectiveFrom: "--from" },
  async run(argv, io, help) {
    const { values, positionals } = parse("record policy", argv, { key: { type: "string" }, from: { type: "string" } }, { min: 2, max: 2 });
    if (values.help) return printHelp(io, help);
    const [artifact, file] = positionals as [string, string];
    const dir = ledgerDir(io, values.dir);
    const declared = {
      ...readPolicyFile(resolve(io.cwd, file), artifact, file),
      effectiveFrom: policyEffectiveFrom(values.from, new Date()),
    };
    const signer = loadSigner(io, values.key);
    const statement = policyStatement(declared, loadIndex(dir));
    const result = await openAttributionLedger(dir).submit([statement], signer);
    if (values.json) return printJson(io, { recorded: true, policy: declared, ...result });
    describeSubmit(io, result, `the split policy of ${artifact} (upstream ${percent(declared.upstream)}), from ${declared.effectiveFrom}`);
    return 0;
  },
};
