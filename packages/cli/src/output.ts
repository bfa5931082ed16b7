import type { Io } from "./io.js";

/** Prints `value` as JSON and returns the success exit code, so commands can `return printJson(io, result)`. */
export function printJson(io: Io, value: unknown): 0 {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
  return 0;
}

export function printHelp(io: Io, text: string): 0 {
  io.stdout(`${text}\n`);
  return 0;
}

export function entries(count: number): string {
  return count === 1 ? "1 entry" : `${count} entries`;
}

export function shortKeyid(keyid: string): string {
  return `${keyid.slice(0, 16)}…`;
}

/** A progress bar on stderr, drawn only when a person is watching a terminal. */
export function progressBar(io: Io, label: string): { update(done: number, total: number): void; finish(): void } {
  if (!io.interactive) return { update() {}, finish() {} };
  let drawn = false;
  return {
    update(done, total) {
      const fraction = total > 0 ? Math.min(done / total, 1) : 0;
      const width = 30;
      const filled = Math.round(fraction * width);
      io.stderr(`\r${label} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${total}`);
      drawn = true;
    },
    finish() {
      if (drawn) io.stderr("\r\x1b[2K");
    },
  };
}

/** A progress bar while files are hashed, then one line per file that was not followed (e.g. a symlink out). */
export function hashingProgress(io: Io) {
  const bar = progressBar(io, "hashing");
  return {
    onProgress: (done: number, total: number) => bar.update(done, total),
    finish(skipped: readonly { path: string; reason: string }[]) {
      bar.finish();
      for (const entry of skipped) io.stderr(`skipped ${entry.path}: ${entry.reason}\n`);
    },
  };
}
