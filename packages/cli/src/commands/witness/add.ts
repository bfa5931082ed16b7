import { openLedger } from "@shoulders/ledger";
import { ledgerDir, parse } from "../../args.js";
import type { Subcommand } from "../../command.js";
import { printHelp, printJson } from "../../output.js";
import { parseWitnessKey } from "../../witness-key.js";

export const witnessAdd: Subcommand = {
  usage: "witness add VKEY --url URL",
  about: "list a witness in .attribution/trust.json (commit it)",
  async run(argv, io, help) {
    const { values, positionals } = parse("witness add", argv, { url: { type: "string" } }, { min: 1, max: 1 });
    if (values.help) return printHelp(io, help);
    const key = parseWitnessKey(positionals[0] as string);
    const trust = openLedger(ledgerDir(io, values.dir)).addWitness({ key, ...(values.url === undefined ? {} : { url: values.url }) });
    if (values.json)
      return printJson(io, { name: key.name, key: key.text, url: values.url ?? null, witnesses: trust.witnesses?.length ?? 0 });
    io.stdout(
      `Listed witness ${key.name}${values.url === undefined ? " (no url: verifiers count its cosignatures, submit skips it)" : ` at ${values.url}`}.\n`,
    );
    io.stdout("Commit .attribution/trust.json, then run `shoulders witness submit`.\n");
    return 0;
  },
};
