import { type ErrorCode, isShouldersError } from "@shoulders/ledger";
import { append } from "./commands/append.js";
import { card } from "./commands/card.js";
import { checkpoint } from "./commands/checkpoint.js";
import { demo } from "./commands/demo.js";
import { hash } from "./commands/hash.js";
import { hf } from "./commands/hf.js";
import { init } from "./commands/init.js";
import { integrate } from "./commands/integrate.js";
import { keygen } from "./commands/keygen.js";
import { license } from "./commands/license.js";
import { explain, lineage } from "./commands/lineage.js";
import { log } from "./commands/log.js";
import { prove } from "./commands/prove.js";
import { record } from "./commands/record.js";
import { split } from "./commands/split.js";
import { trust } from "./commands/trust.js";
import { verify } from "./commands/verify.js";
import { witness } from "./commands/witness.js";
import { type Io, processIo } from "./io.js";

type Command = (argv: string[], io: Io) => Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  keygen: { run: keygen, summary: "create a signing key" },
  init: { run: init, summary: "create .attribution/ with you as the log key" },
  append: { run: append, summary: "sign a statement and add it (or make it pending)" },
  integrate: { run: integrate, summary: "move pending statements into the log" },
  trust: { run: trust, summary: "add, revoke, link and rotate signers" },
  verify: { run: verify, summary: "check the whole ledger offline" },
  log: { run: log, summary: "list the entries" },
  prove: { run: prove, summary: "print an inclusion proof for one entry" },
  checkpoint: { run: checkpoint, summary: "print the signed checkpoint" },
  witness: { run: witness, summary: "run a witness, or get the checkpoint cosigned by independent ones" },
  record: { run: record, summary: "record commits, datasets, runs, releases, usage and split policies" },
  hash: { run: hash, summary: "print the manifest of a folder (path, size, sha256)" },
  lineage: { run: lineage, summary: "show every ancestor and contributor (text, json, mermaid)" },
  split: { run: split, summary: "every party's payout from a model's income, exact and explained" },
  license: { run: license, summary: "licenses at a glance, and conflicts along the lineage" },
  card: { run: card, summary: "render a Hugging Face model card from the ledger" },
  hf: { run: hf, summary: "Hugging Face Hub: signed uploads, dataset and model revisions, verify a repo" },
  explain: { run: explain, summary: "tell an artifact's lineage in plain words" },
  demo: { run: demo, summary: "watch the ledger at work in a temporary folder" },
};

export const HELP = `shoulders: a public, tamper-evident attribution ledger for AI models.

Usage: shoulders <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(11)} ${summary}`)
  .join("\n")}

Every command works on .attribution/ in the current folder, or in --dir DIR. Signing
commands read the key from --key FILE or SHOULDERS_SIGNING_KEY; it is never printed.
Reporting commands take --json. \`shoulders <command> --help\` explains each one.

Exit codes: 0 success; 1 the ledger is invalid or an input was refused; 2 usage error;
3 environment error (missing ledger, key or file, lock held); 70 internal error.

Start here: shoulders demo`;

/** Exit code per error family, documented in the help text and the README. */
export function exitCodeOf(code: ErrorCode): number {
  switch (code) {
    case "USAGE":
    case "BAD_ARGUMENT":
      return 2;
    case "IO_ERROR":
    case "WITNESS_UNREACHABLE":
    case "LOCK_TIMEOUT":
    case "LEDGER_EXISTS":
    case "LEDGER_MISSING":
    case "KEY_MISSING":
    case "KEY_INVALID":
    case "CARD_INVALID":
    case "TRUST_MISSING":
    case "NOT_A_GIT_REPOSITORY":
    case "UNREADABLE_FILE":
      return 3;
    case "INTERNAL":
      return 70;
    default:
      return 1;
  }
}

/** Runs one command line. Errors become one line, `CODE: message`; only --debug shows a stack trace. */
export async function run(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  const debug = argv.includes("--debug");
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      io.stdout(`${HELP}\n`);
      return name === undefined ? 2 : 0;
    }
    if (name === "--version") {
      io.stdout("shoulders 0.1.0\n");
      return 0;
    }
    // Own properties only: "constructor", "__proto__" and "toString" are inherited by every plain object.
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (command === undefined) {
      io.stderr(`USAGE: unknown command "${name}"; run shoulders --help for the list\n`);
      return 2;
    }
    return await command.run(rest, io);
  } catch (error) {
    if (isShouldersError(error)) {
      io.stderr(`${error.code}: ${oneLine(error.message)}\n`);
      if (debug) io.stderr(`${error.stack}\n`);
      return exitCodeOf(error.code);
    }
    io.stderr(`INTERNAL: ${oneLine(String((error as Error)?.message ?? error))} (this is a bug; rerun with --debug and report it)\n`);
    if (debug) io.stderr(`${(error as Error)?.stack}\n`);
    return 70;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}

export async function main(): Promise<void> {
  process.exitCode = await run(process.argv.slice(2), processIo());
}
