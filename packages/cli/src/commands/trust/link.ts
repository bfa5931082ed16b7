import { openAttributionLedger } from "@shoulders/attribution";
import { parseIdentity } from "@shoulders/ledger";
import { ledgerDir, parse } from "../../args.js";
import type { Subcommand } from "../../command.js";
import { printHelp, printJson } from "../../output.js";
import { loadSigner } from "../../signing-key.js";

export const trustLink: Subcommand = {
  usage: "trust link ID ID...",
  about: "record that several identities are one party",
  async run(argv, io, help) {
    const { values, positionals } = parse("trust link", argv, { key: { type: "string" } }, { min: 2, max: 32 });
    if (values.help) return printHelp(io, help);
    const identities = positionals.map((text) => parseIdentity(text, "ID"));
    const signer = loadSigner(io, values.key);
    const result = await openAttributionLedger(ledgerDir(io, values.dir)).linkIdentities(signer, identities);
    if (values.json) return printJson(io, { identities, index: result.firstIndex, treeSize: result.checkpoint.size });
    io.stdout(`Linked ${identities.join(", ")} as one party at entry ${result.firstIndex}.\n`);
    return 0;
  },
};
