import { verifyDownload } from "@shoulders/hf";
import { ledgerDir, parse } from "../args.js";
import type { Command } from "../command.js";
import type { Io } from "../io.js";
import { printHelp, printJson, progressBar } from "../output.js";
import { printVerdict, verdictExitCode, verdictJson } from "../print-verdict.js";
import { VERDICT_FIELD_FLAGS, VERDICT_FLAGS, VERDICT_HELP, verdictOptions } from "../verdict-options.js";

const HELP = `Usage: shoulders verify [--dir DIR] [--trust FILE] [--trusted-checkpoint FILE]
                       [--require-witness N] [--witness-key VKEY]... [--strict] [--json]

Checks a ledger offline, and the model next to it. Never writes. Exits 0 if and only if
everything is valid.

The ledger: trust.json, every entry's signatures and signer, the checkpoint's signature
and Merkle root, the usage receipts, the licenses along every lineage, and the pending
files. The model: when DIR holds a release (the model card pins one, or the files hash
to one), every file must match the signed release; a download from the Hub, e.g.
  shoulders verify --dir ~/.cache/huggingface/hub/models--ORG--NAME/snapshots/REV
says who built it, from what and under which license, and whether you pinned the root.

${VERDICT_HELP}`;

export const verify: Command = {
  summary: "check the whole ledger offline",
  flags: VERDICT_FIELD_FLAGS,
  run,
};

async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parse("verify", argv, VERDICT_FLAGS);
  if (values.help) return printHelp(io, HELP);
  const options = verdictOptions(io, values);
  const verifying = progressBar(io, "verifying");
  const hashing = progressBar(io, "hashing");
  const verdict = await verifyDownload({
    ...options,
    dir: ledgerDir(io, values.dir),
    ...(values.release === undefined ? {} : { releaseId: values.release }),
    onProgress: (done, total) => verifying.update(done, total),
    onHashProgress: (done, total) => hashing.update(done, total),
  }).finally(() => {
    verifying.finish();
    hashing.finish();
  });
  if (values.json) printJson(io, verdictJson(verdict));
  else printVerdict(io, verdict, VERDICT_FIELD_FLAGS);
  return verdictExitCode(verdict);
}
