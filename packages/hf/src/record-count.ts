/**
 * Counts records the way `countRecords` in @shoulders/attribution does for a local file, but over chunks as they
 * are downloaded: non-empty lines for .jsonl, the same less the header for .csv, and 1 for any other file.
 */
export function recordCounter(path: string): { add(chunk: Uint8Array): void; total(): number } {
  const lower = path.toLowerCase();
  const lines = lower.endsWith(".jsonl") || lower.endsWith(".csv");
  let count = 0;
  let lineHasContent = false;
  return {
    add(chunk) {
      if (!lines) return;
      for (const byte of chunk) {
        if (byte === 0x0a) {
          if (lineHasContent) count++;
          lineHasContent = false;
        } else if (byte !== 0x0d && byte !== 0x20 && byte !== 0x09) {
          lineHasContent = true;
        }
      }
    },
    total() {
      if (!lines) return 1;
      const all = lineHasContent ? count + 1 : count;
      return lower.endsWith(".csv") ? Math.max(all - 1, 0) : all;
    },
  };
}

/** Whether a file's records are counted by lines, so counting them needs its content. */
export function isLineRecordFile(path: string): boolean {
  const lower = path.toLowerCase();
  return lower.endsWith(".jsonl") || lower.endsWith(".csv");
}
