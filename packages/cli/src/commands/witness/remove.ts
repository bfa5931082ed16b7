import { openLedger } from "@shoulders/ledger";
import { ledgerDir, parse } from "../../args.js";
import type { Subcommand } from "../../command.js";
import { printHelp, printJson } from "../../output.js";

export const witnessRemove: Subcommand = {
  usage: "witness remove NAME|VKEY",
  about: "stop listing it",
  async run(argv, io, help) {
    const { values, positionals } = parse("witness remove", argv, {}, { min: 1, max: 1 });
    if (values.help) return printHelp(io, help);
    const { removed } = openLedger(ledgerDir(io, values.dir)).removeWitness(positionals[0] as string);
    if (values.json) return printJson(io, { removed });
    io.stdout(`Removed ${removed} witness${removed === 1 ? "" : "es"} from .attribution/trust.json.\n`);
    return 0;
  },
};
