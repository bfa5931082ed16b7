import { openAttributionLedger } from "@shoulders/attribution";
import { fromBase64, parseIdentity, ShouldersError } from "@shoulders/ledger";
import { ledgerDir, parse } from "../../args.js";
import type { Subcommand } from "../../command.js";
import { printHelp, printJson, shortKeyid } from "../../output.js";
import { loadSigner } from "../../signing-key.js";

export const trustAdd: Subcommand = {
  usage: "trust add --public-key B64 --identity ID [--role R]...",
  about: `let a contributor's key sign; ID is github:LOGIN, github-id:N, hf:USER,
email:ADDR, email-sha256:HEX or ci:OWNER/REPO; roles such as record, usage`,
  async run(argv, io, help) {
    const { values } = parse("trust add", argv, {
      key: { type: "string" },
      "public-key": { type: "string" },
      identity: { type: "string" },
      role: { type: "string", multiple: true },
    });
    if (values.help) return printHelp(io, help);
    if (values["public-key"] === undefined || values.identity === undefined) {
      throw new ShouldersError("USAGE", "trust add: --public-key B64 and --identity ID are required");
    }
    const identity = parseIdentity(values.identity, "--identity");
    const publicKey = fromBase64(values["public-key"], "--public-key", "KEY_INVALID");
    const signer = loadSigner(io, values.key);
    const result = await openAttributionLedger(ledgerDir(io, values.dir)).addSigner(signer, {
      publicKey,
      identity,
      roles: values.role ?? [],
    });
    if (values.json) return printJson(io, { keyid: result.keyid, index: result.firstIndex, treeSize: result.checkpoint.size });
    io.stdout(`Added key ${shortKeyid(result.keyid)} for ${values.identity} at entry ${result.firstIndex}.\n`);
    return 0;
  },
};
