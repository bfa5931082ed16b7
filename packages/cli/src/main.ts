import { type ErrorCode, isShouldersError } from "@shoulders/ledger";
import { type Command, runCommand } from "./command.js";
import { append } from "./commands/append.js";
import { card } from "./commands/card.js";
import { checkpoint } from "./commands/checkpoint.js";
import { demo } from "./commands/demo.js";
import { explain } from "./commands/explain.js";
import { hash } from "./commands/hash.js";
import { hf } from "./commands/hf/index.js";
import { init } from "./commands/init.js";
import { integrate } from "./commands/integrate.js";
import { keygen } from "./commands/keygen.js";
import { license } from "./commands/license/index.js";
import { lineage } from "./commands/lineage.js";
import { log } from "./commands/log.js";
import { prove } from "./commands/prove.js";
import { record } from "./commands/record/index.js";
import { split } from "./commands/split.js";
import { trust } from "./commands/trust/index.js";
import { verify } from "./commands/verify.js";
import { witness } from "./commands/witness/index.js";
import { type Io, processIo } from "./io.js";

/** In the order the help lists them. A Map, so "constructor", "__proto__" and "toString" are unknown commands. */
const COMMANDS = new Map<string, Command>([
  ["keygen", keygen],
  ["init", init],
  ["append", append],
  ["integrate", integrate],
  ["trust", trust],
  ["verify", verify],
  ["log", log],
  ["prove", prove],
  ["checkpoint", checkpoint],
  ["witness", witness],
  ["record", record],
  ["hash", hash],
  ["lineage", lineage],
  ["split", split],
  ["license", license],
  ["card", card],
  ["hf", hf],
  ["explain", explain],
  ["demo", demo],
]);

export const HELP = `shoulders: a public, tamper-evident attribution ledger for AI models.

Usage: shoulders <command> [options]

Commands:
${[...COMMANDS].map(([name, { summary }]) => `  ${name.padEnd(11)} ${summary}`).join("\n")}

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
    const command = COMMANDS.get(name);
    if (command === undefined) {
      io.stderr(`USAGE: unknown command "${name}"; run shoulders --help for the list\n`);
      return 2;
    }
    return await runCommand(command, () => command.run(rest, io));
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
