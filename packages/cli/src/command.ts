import { ShouldersError } from "@shoulders/ledger";
import { COMMON_FIELD_FLAGS, type FieldFlags, namingFlags } from "./field-flags.js";
import type { Io } from "./io.js";
import { printHelp } from "./output.js";

/** One `shoulders` command: what the list of commands says of it, and how it runs. */
export type Command = {
  summary: string;
  /** The library fields it fills from flags, beyond --dir (see field-flags.ts). */
  flags?: FieldFlags;
  run(argv: string[], io: Io): Promise<number>;
};

/** A command of a group (`shoulders record run`), in its own file. */
export type Subcommand = {
  /** How it is called, e.g. "record commits [REV_RANGE] [--hash-emails]"; a long one goes on, indented, below. */
  usage: string;
  /** What it does, in lines without indentation: the group's help indents them under `usage`. */
  about: string;
  flags?: FieldFlags;
  /** `help` is the subcommand's own --help text, composed by its group. */
  run(argv: string[], io: Io, help: string): Promise<number>;
};

/** Runs a command with its library errors in its flags' words. */
export function runCommand(command: Pick<Command, "flags">, work: () => Promise<number>): Promise<number> {
  return namingFlags({ ...COMMON_FIELD_FLAGS, ...command.flags }, work);
}

/**
 * A group of subcommands (`shoulders record <kind>`): its help lists every subcommand with its usage, and a name that is
 * not one of them, including an Object.prototype member such as `__proto__`, is a USAGE error (a Map has no prototype
 * lookups).
 */
export function commandGroup(group: {
  name: string;
  summary: string;
  /** Said once, after the usage line: what the subcommands share (where the key comes from, the token). */
  intro?: string;
  /** Said at the end: where to go next. */
  outro?: string;
  subcommands: ReadonlyMap<string, Subcommand>;
}): Command & { help: string } {
  const names = [...group.subcommands.keys()];
  const listed = [...group.subcommands.values()].map((sub) => `${indent(sub.usage, 2)}\n${indent(sub.about, 6)}`).join("\n");
  const help = [`Usage: shoulders ${group.name} <${names.join("|")}> [options]`, group.intro, listed, group.outro]
    .filter((part) => part !== undefined)
    .join("\n\n");
  return {
    summary: group.summary,
    help,
    async run(argv, io) {
      const [name, ...rest] = argv;
      if (name === undefined || name === "--help" || name === "-h") {
        printHelp(io, help);
        return name === undefined ? 2 : 0;
      }
      const sub = group.subcommands.get(name);
      if (sub === undefined) {
        throw new ShouldersError(
          "USAGE",
          `${group.name}: unknown subcommand "${name}" (${names.join(", ")}; see shoulders ${group.name} --help)`,
        );
      }
      const own = [`Usage: shoulders ${indent(sub.usage, 17).trimStart()}`, capitalise(sub.about), group.intro]
        .filter((part) => part !== undefined)
        .join("\n\n");
      return runCommand(sub, () => sub.run(rest, io, own));
    },
  };
}

function indent(text: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  return text
    .split("\n")
    .map((line) => (line === "" ? line : `${pad}${line}`))
    .join("\n");
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
