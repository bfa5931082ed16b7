import { posix } from "node:path";
import { SEGMENT_SIZE, segmentName } from "@shoulders/ledger";

/** A message for the runner to show on the run and, with a file, on the diff. Paths are relative to the repository. */
export type Annotation = {
  level: "error" | "warning" | "notice";
  code?: string;
  message: string;
  file?: string;
  line?: number;
};

/** The log line that holds entry `index`: segment floor(index / 16384), line index mod 16384 (SPEC "Layout"). */
export function logLineOf(ledgerPrefix: string, index: number): { file: string; line: number } {
  return {
    file: posix.join(ledgerPrefix, ".attribution", "log", segmentName(Math.floor(index / SEGMENT_SIZE))),
    line: (index % SEGMENT_SIZE) + 1,
  };
}
