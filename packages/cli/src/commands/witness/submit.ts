import { judgeSubmission, witnessLedger } from "@shoulders/witness";
import { ledgerDir, parse, parseIndex } from "../../args.js";
import type { Subcommand } from "../../command.js";
import { printHelp, printJson } from "../../output.js";

export const witnessSubmit: Subcommand = {
  usage: "witness submit [--quorum N]",
  about: `ask every listed witness to cosign the current checkpoint and store the
cosignatures in .attribution/checkpoint; fails below N (default: all)`,
  async run(argv, io, help) {
    const { values } = parse("witness submit", argv, { quorum: { type: "string" } });
    if (values.help) return printHelp(io, help);
    const required = values.quorum === undefined ? undefined : parseIndex(values.quorum, "--quorum");
    const result = await witnessLedger({ dir: ledgerDir(io, values.dir), fetch: globalThis.fetch });
    const { quorum, ok, evidence } = judgeSubmission(result, required);
    if (values.json) printJson(io, { ...result, quorum, ok });
    else {
      for (const outcome of result.witnesses) {
        io.stdout(
          outcome.ok
            ? `✓ ${outcome.name} cosigned at ${new Date(outcome.timestamp * 1000).toISOString()}\n`
            : `✗ ${outcome.name}: ${outcome.code}: ${outcome.message}\n`,
        );
      }
      if (!result.written) io.stderr("The checkpoint changed while the witnesses answered; run `shoulders witness submit` again.\n");
      io.stdout(
        `Checkpoint of ${result.size} entries: cosigned by ${result.cosigned} of ${result.witnesses.length} witness(es), ${quorum} required.\n`,
      );
    }
    // A finding (a refusal: a fork, a bad key) exits 1; only unreachable witnesses are an environment problem (3).
    return ok ? 0 : evidence ? 1 : 3;
  },
};
