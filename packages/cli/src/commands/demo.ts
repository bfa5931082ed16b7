import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "../args.js";
import type { Command } from "../command.js";
import { ledgerStory } from "../demo/ledger-story.js";
import { modelStory } from "../demo/model-story.js";
import { demoShell } from "../demo/shell.js";
import type { Io } from "../io.js";
import { printHelp } from "../output.js";

const HELP = `Usage: shoulders demo [--keep]

Shows Shoulders at work, offline, in a temporary folder. Part one: keys, a new ledger,
signed statements, a contributor's pending statement, verification, an inclusion proof,
an independent witness that cosigns the checkpoint, and two attacks caught, the second
(a rewrite by the key holder) also by the witness. Part two: a model's whole story in a
real git repository:
commits by several authors, a dataset with contributors, a real tiny fine-tune, a
release, then verification, lineage (text and mermaid) and a plain-words explanation,
and a month of usage reported by an inference provider, paid out to the cent.

  --keep   leave the temporary folder in place and print its path`;

export const demo: Command = {
  summary: "watch the ledger at work in a temporary folder",
  run,
};

async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parse("demo", argv, { keep: { type: "boolean" } });
  if (values.help) return printHelp(io, HELP);
  const dir = mkdtempSync(join(tmpdir(), "shoulders-demo-"));
  let cwd = dir;
  const shell = demoShell(io, () => cwd);
  try {
    await ledgerStory(dir, shell);
    cwd = join(dir, "sentiment");
    await modelStory(dir, shell, readFileSync(join(dir, "maya.key"), "utf8").trim());
    shell.say(shell.failures === 0 ? "Every step behaved as expected." : `${shell.failures} step(s) did not behave as expected.`);
    if (values.keep) io.stdout(`\nThe demo folders are in ${dir}\n`);
    return shell.failures === 0 ? 0 : 1;
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}
