import { openAttributionLedger } from "@shoulders/attribution";
import { ledgerDir, parse, parseIndex } from "../../args.js";
import type { Subcommand } from "../../command.js";
import { printHelp, printJson, shortKeyid } from "../../output.js";
import { loadSigner } from "../../signing-key.js";

export const trustRevoke: Subcommand = {
  usage: "trust revoke KEYID [--compromised-since INDEX] [--reason TEXT]",
  about: `refuse the key's entries from now on; with --compromised-since, its entries from
INDEX on are flagged COMPROMISED and left out of lineage and splits`,
  flags: { keyid: "KEYID", compromisedSince: "--compromised-since" },
  async run(argv, io, help) {
    const { values, positionals } = parse(
      "trust revoke",
      argv,
      { key: { type: "string" }, "compromised-since": { type: "string" }, reason: { type: "string" } },
      { min: 1, max: 1 },
    );
    if (values.help) return printHelp(io, help);
    const keyid = positionals[0] as string;
    const since = values["compromised-since"];
    const compromisedSince = since === undefined ? undefined : parseIndex(since, "--compromised-since");
    const signer = loadSigner(io, values.key);
    const result = await openAttributionLedger(ledgerDir(io, values.dir)).revokeSigner(signer, {
      keyid,
      ...(values.reason === undefined ? {} : { reason: values.reason }),
      ...(compromisedSince === undefined ? {} : { compromisedSince }),
    });
    if (values.json) return printJson(io, { keyid, index: result.firstIndex, treeSize: result.checkpoint.size, compromisedSince });
    const flagged = compromisedSince === undefined ? "" : `; its entries from ${compromisedSince} on are flagged COMPROMISED`;
    io.stdout(`Revoked key ${shortKeyid(keyid)} at entry ${result.firstIndex}${flagged}.\n`);
    return 0;
  },
};
