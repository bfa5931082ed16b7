import { relative } from "node:path";
import { initLedger, ShouldersError } from "@shoulders/ledger";
import { ledgerDir, parse } from "../args.js";
import type { Command } from "../command.js";
import { originFromGit } from "../git-origin.js";
import type { Io } from "../io.js";
import { printHelp, printJson, shortKeyid } from "../output.js";
import { KEY_ENV, loadSigner } from "../signing-key.js";

const HELP = `Usage: shoulders init [--origin ORIGIN] [--key FILE] [--dir DIR] [--json]

Creates .attribution/ in DIR (default: the current folder): an empty log, a signed
checkpoint, and trust.json with your key as the log key.

  --origin ORIGIN  the log's name, e.g. github.com/acme/sentiment/attribution; by default
                   it comes from the git remote "origin"
  --key FILE       the log key (default: $${KEY_ENV})`;

export const init: Command = {
  summary: "create .attribution/ with you as the log key",
  run,
};

async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parse("init", argv, { origin: { type: "string" }, key: { type: "string" } });
  if (values.help) return printHelp(io, HELP);
  const dir = ledgerDir(io, values.dir);
  const origin = values.origin ?? originFromGit(dir);
  if (origin === undefined) {
    throw new ShouldersError(
      "USAGE",
      'init: this folder has no git remote "origin" (or other remote) that names a repository others can find; pass --origin, e.g. --origin github.com/OWNER/REPO/attribution',
    );
  }
  const signer = loadSigner(io, values.key);
  const result = await initLedger({ dir, origin, signer });
  if (values.json) return printJson(io, result);
  const where = relative(io.cwd, result.root) || ".attribution";
  io.stdout(`Created ${where}/ for ${origin}, with log key ${shortKeyid(result.keyid)}\n`);
  io.stdout(`Commit it:  git add ${where} && git commit -m "Start the attribution ledger"\n`);
  io.stdout(`Then add the repository secret ${KEY_ENV} (your key file's content) and copy examples/workflows/.\n`);
  return 0;
}
