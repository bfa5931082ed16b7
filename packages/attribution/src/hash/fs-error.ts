import { ShouldersError } from "@shoulders/ledger";

/** Turns a raw fs error into one coded line that names the path: permissions are the user's to fix, the rest is I/O. */
export function fsError(error: unknown, path: string, doing: string): ShouldersError {
  if (error instanceof ShouldersError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? "unknown error";
  const unreadable = code === "EACCES" || code === "EPERM";
  return new ShouldersError(unreadable ? "UNREADABLE_FILE" : "IO_ERROR", `cannot ${doing} ${path}: ${code}`, { cause: error });
}
