import { isShouldersError, ShouldersError } from "@shoulders/ledger";

/**
 * Which flag fills which library field, for one command. The libraries name what is wrong by its field, in backticks
 * (`compromisedSince`), never by a flag: the actions and other callers have no flags. The command that filled the
 * field says it the way its user typed it (`--compromised-since`).
 */
export type FieldFlags = Readonly<Record<string, string>>;

/** Every command takes --dir (COMMON_OPTIONS), so a library's `dir` is always that flag. */
export const COMMON_FIELD_FLAGS: FieldFlags = { dir: "--dir" };

/** A library message in the command's words: each backticked field the command fills becomes its flag. */
export function inFlags(message: string, flags: FieldFlags): string {
  return message.replace(/`([A-Za-z][A-Za-z0-9]*)`/g, (quoted, field: string) =>
    // Own properties only: a field named "constructor" must not find a prototype member.
    Object.hasOwn(flags, field) ? (flags[field] as string) : quoted,
  );
}

/** Runs a command; a library error it throws comes out with the same code and index, in the command's words. */
export async function namingFlags<T>(flags: FieldFlags, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isShouldersError(error)) throw error;
    const message = inFlags(error.message, flags);
    if (message === error.message) throw error;
    throw new ShouldersError(error.code, message, { cause: error, ...(error.index === undefined ? {} : { index: error.index }) });
  }
}
