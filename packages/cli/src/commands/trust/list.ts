import { listSigners } from "@shoulders/ledger";
import { ledgerDir, parse } from "../../args.js";
import type { Subcommand } from "../../command.js";
import { printHelp, printJson, shortKeyid } from "../../output.js";

export const trustList: Subcommand = {
  usage: "trust list [--json]",
  about: "the log keys and every declared signer, with their state",
  async run(argv, io, help) {
    const { values } = parse("trust list", argv, {});
    if (values.help) return printHelp(io, help);
    const { origin, keys } = listSigners(ledgerDir(io, values.dir));
    if (values.json) return printJson(io, { origin, keys });
    io.stdout(`Signers of ${origin}:\n`);
    for (const key of keys) {
      const since = key.addedAt === null ? "trust.json" : `entry ${key.addedAt}`;
      const roles = key.roles.length > 0 ? ` [${key.roles.join(", ")}]` : "";
      io.stdout(`  ${shortKeyid(key.keyid)}  ${key.state.padEnd(11)} ${key.identity}${roles}, since ${since}\n`);
    }
    return 0;
  },
};
