import { resolve } from "node:path";
import { openAttributionLedger } from "@shoulders/attribution";
import { ShouldersError } from "@shoulders/ledger";
import { ledgerDir, parse, parseIndex } from "../../args.js";
import type { Subcommand } from "../../command.js";
import { printHelp, printJson, shortKeyid } from "../../output.js";
import { KEY_ENV, loadSigner } from "../../signing-key.js";

export const trustRotate: Subcommand = {
  usage: "trust rotate --new-key FILE [--compromised-since INDEX]",
  about: `make FILE the log key. trust.json records the old key as retired at the current
size: it still vouches for what it signed before, and for nothing after, even in
a fork. With --compromised-since, its entries from INDEX on are flagged COMPROMISED`,
  flags: { compromisedSince: "--compromised-since" },
  async run(argv, io, help) {
    const { values } = parse("trust rotate", argv, {
      key: { type: "string" },
      "new-key": { type: "string" },
      "compromised-since": { type: "string" },
    });
    if (values.help) return printHelp(io, help);
    if (values["new-key"] === undefined)
      throw new ShouldersError("USAGE", "trust rotate: --new-key FILE is required (create it with shoulders keygen)");
    const since = values["compromised-since"];
    const oldSigner = loadSigner(io, values.key);
    const newSigner = loadSigner(io, resolve(io.cwd, values["new-key"]));
    const result = await openAttributionLedger(ledgerDir(io, values.dir)).rotate(oldSigner, newSigner, {
      ...(since === undefined ? {} : { compromisedSince: parseIndex(since, "--compromised-since") }),
    });
    if (values.json) return printJson(io, { keyid: result.keyid, verifierKey: result.verifierKey, retiredAt: result.retiredAt });
    io.stdout(
      `The log key is now ${shortKeyid(result.keyid)}; trust.json records the old key as rotated out at entry ${result.retiredAt}.\n`,
    );
    io.stdout(
      `Commit .attribution/, and update the ${KEY_ENV} secret to the new key. Witnesses that follow this log need the new verifier key:\n  ${result.verifierKey}\n`,
    );
    return 0;
  },
};
