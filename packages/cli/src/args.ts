import { resolve } from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { ShouldersError } from "@shoulders/ledger";
import type { Io } from "./io.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Options every command takes. */
export const COMMON_OPTIONS = {
  dir: { type: "string" },
  json: { type: "boolean" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies Options;

export type Parsed<O extends Options> = {
  values: { [K in keyof O]?: O[K] extends { type: "boolean" } ? boolean : O[K] extends { multiple: true } ? string[] : string } & {
    dir?: string;
    json?: boolean;
    debug?: boolean;
    help?: boolean;
  };
  positionals: string[];
};

/** Parses strictly: an unknown flag or a missing value is a USAGE error with the command's name, never a crash. */
export function parse<O extends Options>(command: string, argv: string[], options: O, positionals = { min: 0, max: 0 }): Parsed<O> {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (cause) {
    throw new ShouldersError("USAGE", `${command}: ${firstLine((cause as Error).message)} (see shoulders ${command} --help)`, { cause });
  }
  if (!parsed.values.help) {
    const count = parsed.positionals.length;
    if (count < positionals.min) throw new ShouldersError("USAGE", `${command}: missing argument (see shoulders ${command} --help)`);
    if (count > positionals.max)
      throw new ShouldersError(
        "USAGE",
        `${command}: unexpected argument "${parsed.positionals[positionals.max]}" (see shoulders ${command} --help)`,
      );
  }
  return parsed as Parsed<O>;
}

export function ledgerDir(io: Io, dir: string | undefined): string {
  return resolve(io.cwd, dir ?? ".");
}

/** A non-negative integer argument, refused if it has a sign, a fraction, an exponent or leading zeros. */
export function parseIndex(text: string, what: string): number {
  if (!/^(?:0|[1-9][0-9]{0,15})$/.test(text) || Number(text) > Number.MAX_SAFE_INTEGER) {
    throw new ShouldersError("BAD_ARGUMENT", `${what} must be a whole number such as 0 or 42, got "${text}"`);
  }
  return Number(text);
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}
