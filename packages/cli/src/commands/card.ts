import { resolve } from "node:path";
import { readCardFile, releaseCardUpdate, renderCard } from "@shoulders/hf";
import { layoutOf, readCheckpoint, readTrust, ShouldersError, toBase64 } from "@shoulders/ledger";
import { writeFileAtomic } from "@shoulders/ledger/files";
import { ledgerDir, parse } from "../args.js";
import { loadIndex } from "../attribution.js";
import type { Io } from "../io.js";
import { printHelp, printJson } from "../output.js";

export const cardHelp = `Usage: shoulders card README.md --artifact ID [--write] [--dir DIR] [--json]

Renders a Hugging Face model card for a released model, from the ledger:
  - metadata: license (a Hub id, or other with license_name and license_link),
    base_model, base_model_relation and datasets (Hub repo ids only), and an
    attribution block pinning the ledger (origin, checkpoint size and root, entry);
  - two sections between markers, "License at a glance" and "Lineage" (mermaid).
Everything else in the card is kept byte for byte; a run with nothing new changes
nothing. Without --write the card is printed; with --write README.md is replaced
(atomically, and never when the card cannot be parsed). README.md may not exist yet.`;

export async function card(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("card", argv, { artifact: { type: "string" }, write: { type: "boolean" } }, { min: 1, max: 1 });
  if (values.help) return printHelp(io, cardHelp);
  if (values.artifact === undefined)
    throw new ShouldersError("USAGE", "card: --artifact ID is required, e.g. --artifact acme/sentiment-large");
  const path = resolve(io.cwd, positionals[0] as string);
  const dir = ledgerDir(io, values.dir);
  const layout = layoutOf(dir);
  const trust = readTrust(layout);
  const checkpoint = readCheckpoint(layout, trust);
  const update = releaseCardUpdate(loadIndex(dir), values.artifact, {
    origin: trust.origin,
    treeSize: checkpoint.size,
    rootHash: toBase64(checkpoint.rootHash),
  });
  const before = readCardFile(path, positionals[0]) ?? "";
  const rendered = renderCard(before, update);
  if (values.write && rendered.changed) writeFileAtomic(path, rendered.text);
  if (values.json)
    return printJson(io, {
      path,
      changed: rendered.changed,
      written: values.write === true && rendered.changed,
      metadata: update.metadata,
    });
  if (!values.write) io.stdout(rendered.text);
  else io.stdout(rendered.changed ? `Updated ${positionals[0]}.\n` : `${positionals[0]} is up to date.\n`);
  return 0;
}
