import { join } from "node:path";
import { type AttributionIndex, readAttribution } from "@shoulders/attribution";
import { layoutOf, type SubmitResult } from "@shoulders/ledger";
import type { Io } from "./io.js";
import { entries } from "./output.js";

/** The ledger as readers see it: verified first, every predicate this project knows validated. */
export function loadIndex(dir: string): AttributionIndex {
  return readAttribution({ dir }).index;
}

/** The hash cache lives with the other per-machine state, outside git, and is safe to delete. */
export function hashCachePath(dir: string): string {
  return join(layoutOf(dir).stateDir, "hash-cache.json");
}

/** Says where submitted statements went: appended (with the new size) or pending (with the files). */
export function describeSubmit(io: Io, result: SubmitResult, what: string): void {
  if (result.appended) {
    const range =
      result.count === 1 ? `entry ${result.firstIndex}` : `entries ${result.firstIndex}–${result.firstIndex + result.count - 1}`;
    io.stdout(`Recorded ${what} as ${range}; the checkpoint covers ${entries(result.treeSize)}.\n`);
  } else {
    io.stdout(
      `Your key is not a log key, so ${what} is pending (${result.pending.length} file(s) in .attribution/pending/); commit them.\n`,
    );
  }
}
