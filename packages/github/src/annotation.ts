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

/** The log line that holds entry `index`: segment floor(index / 16384), line index mod 16384 (docs/format.md, "Layout"). */
export function logLineOf(ledgerPrefix: string, index: number): { file: string; line: number } {
  return {
    file: posix.join(ledgerPrefix, ".attribution", "log", segmentName(Math.floor(index / SEGMENT_SIZE))),
    line: (index % SEGMENT_SIZE) + 1,
  };
}

/** What @actions/core's error, warning and notice accept; any logger with this shape works. */
export type AnnotationProperties = { title?: string; file?: string; startLine?: number };
export type AnnotationSink = Record<Annotation["level"], (message: string, properties?: AnnotationProperties) => void>;

/** Hands an annotation to the runner (or any sink): `CODE: message`, on the file and line when there is one. */
export function emitAnnotation(sink: AnnotationSink, annotation: Annotation, title = "Shoulders"): void {
  const message = annotation.code === undefined ? annotation.message : `${annotation.code}: ${annotation.message}`;
  sink[annotation.level](message, {
    title,
    ...(annotation.file === undefined ? {} : { file: annotation.file }),
    ...(annotation.line === undefined ? {} : { startLine: annotation.line }),
  });
}

/** A verifier finding as an annotation: on its log line when it names an entry, else on the file it is about. */
export function findingAnnotation(
  level: "error" | "warning",
  finding: { code: string; message: string; index?: number },
  ledgerPrefix: string,
): Annotation {
  const attribution = posix.join(ledgerPrefix, ".attribution");
  const where =
    finding.index !== undefined
      ? logLineOf(ledgerPrefix, finding.index)
      : finding.code.startsWith("CHECKPOINT") || finding.code === "NOT_APPEND_ONLY" || finding.code === "ORIGIN_MISMATCH"
        ? { file: `${attribution}/checkpoint` }
        : finding.code.startsWith("TRUST") || finding.code === "WEAK_KEY"
          ? { file: `${attribution}/trust.json` }
          : {};
  return { level, code: finding.code, message: finding.message, ...where };
}
