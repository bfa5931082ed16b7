import type { Io } from "./io.js";

export function printJson(io: Io, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
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
