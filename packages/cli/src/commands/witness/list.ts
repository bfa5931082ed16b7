import { layoutOf, readCheckpointBytes, readTrust } from "@shoulders/ledger";
import { witnessCosignatures } from "@shoulders/witness";
import { ledgerDir, parse } from "../../args.js";
import type { Subcommand } from "../../command.js";
import { printHelp, printJson } from "../../output.js";

export const witnessList: Subcommand = {
  usage: "witness list [--json]",
  about: "the listed witnesses, and who cosigned the checkpoint",
  async run(argv, io, help) {
    const { values } = parse("witness list", argv, {});
    if (values.help) return printHelp(io, help);
    const layout = layoutOf(ledgerDir(io, values.dir));
    const witnesses = readTrust(layout).witnesses ?? [];
    const cosigned = witnessCosignatures(readCheckpointBytes(layout), witnesses);
    const rows = witnesses.map((w) => ({
      name: w.key.name,
      key: w.key.text,
      url: w.url ?? null,
      cosigned: cosigned.get(w.key.text) ?? null,
    }));
    if (values.json) return printJson(io, rows);
    if (rows.length === 0) io.stdout("No witnesses listed. Add one with `shoulders witness add VKEY --url URL`.\n");
    for (const row of rows) {
      const when =
        row.cosigned === null
          ? "has not cosigned the current checkpoint"
          : `cosigned the current checkpoint at ${new Date(row.cosigned * 1000).toISOString()}`;
      io.stdout(`${row.name}  ${row.url ?? "(no url)"}  ${when}\n  ${row.key}\n`);
    }
    return 0;
  },
};
