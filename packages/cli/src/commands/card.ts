import { resolve } from "node:path";
import { renderReleaseCard } from "@shoulders/hf";
import { ShouldersError } from "@shoulders/ledger";
import { writeFileAtomic } from "@shoulders/ledger/files";
import { ledgerDir, parse } from "../args.js";
import type { Command } from "../command.js";
import type { Io } from "../io.js";
import { printHelp, printJson } from "../output.js";

const HELP = `Usage: shoulders card README.md --artifact ID [--write] [--dir DIR] [--json]

Renders a Hugging Face model card for a released model, from the ledger:
  - metadata: license (a Hub id, or other with license_name and license_link),
    base_model, base_model_relation and datasets (Hub repo ids only), and an
    attribution block pinning the ledger (origin, checkpoint size and root, entry);
  - two sections between markers, "License at a glance" and "Lineage" (mermaid).
Everything else in the card is kept byte for byte; a run with nothing new changes
nothing. Without --write the card is printed; with --write README.md is replaced
(atomically, and never when the card cannot be parsed). README.md may not exist yet.`;

export const card: Command = {
  summary: "render a Hugging Face model card from the ledger",
  run,
};

async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("card", argv, { artifact: { type: "string" }, write: { type: "boolean" } }, { min: 1, max: 1 });
  if (values.help) return printHelp(io, HELP);
  if (values.artifact === undefined)
    throw new ShouldersError("USAGE", "card: --artifact ID is required, e.g. --artifact acme/sentiment-large");
  const shown = positionals[0] as string;
  const path = resolve(io.cwd, shown);
  const rendered = renderReleaseCard({ ledgerDir: ledgerDir(io, values.dir), artifact: values.artifact, path, shownAs: shown });
  const written = values.write === true && rendered.changed;
  if (written) writeFileAtomic(path, rendered.text);
  if (values.json) return printJson(io, { path, changed: rendered.changed, written, metadata: rendered.metadata });
  if (!values.write) io.stdout(rendered.text);
  else io.stdout(rendered.changed ? `Updated ${shown}.\n` : `${shown} is up to date.\n`);
  return 0;
}
