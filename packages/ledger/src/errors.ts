/**
 * One error type for the whole project, with a stable string code, so that callers (the CLI, the actions, other
 * tools reading `--json`) can branch on `code` and never on message text.
 */
export const ERROR_CODES = [
  // Arguments and environment
  "USAGE",
  "BAD_ARGUMENT",
  "IO_ERROR",
  "LOCK_TIMEOUT",
  "LEDGER_EXISTS",
  "LEDGER_MISSING",
  "INTERNAL",
  // Keys and signatures
  "KEY_MISSING",
  "KEY_INVALID",
  "WEAK_KEY",
  "SIGNATURE_INVALID",
  "UNAUTHORISED_SIGNER",
  "UNAPPROVED_SIGNER",
  "KEY_REVOKED",
  "UNKNOWN_KEY",
  // Bytes, JSON and envelopes (attacker input)
  "LINE_TOO_LONG",
  "INVALID_UTF8",
  "INVALID_JSON",
  "JSON_TOO_DEEP",
  "DUPLICATE_MEMBER",
  "NOT_COMPACT",
  "BASE64_INVALID",
  "MALFORMED_ENTRY",
  "TOO_MANY_SIGNATURES",
  "TOO_MANY_SUBJECTS",
  "STATEMENT_INVALID",
  "PREDICATE_INVALID",
  "PENDING_INVALID",
  // Replays (issue 13): a statement already in the log, or one signed for another ledger
  "DUPLICATE_STATEMENT",
  "FOREIGN_STATEMENT",
  // Trust root, log layout, checkpoints and proofs
  "TRUST_MISSING",
  "TRUST_INVALID",
  "SEGMENT_INVALID",
  "NOTE_MALFORMED",
  "CHECKPOINT_MISSING",
  "CHECKPOINT_MALFORMED",
  "CHECKPOINT_SIGNATURE_INVALID",
  "CHECKPOINT_MISMATCH",
  "CHECKPOINT_TOO_LARGE",
  // Witnesses (C2SP tlog-witness, tlog-cosignature)
  "COSIGNATURE_INVALID",
  "WITNESS_QUORUM",
  // A witness saw another history: evidence that this log forked
  "WITNESS_REFUSED",
  // A witness holds a larger tree of this log (another writer published since, or this copy is behind)
  "WITNESS_AHEAD",
  // A witness answered, but not with a cosignature: it does not follow this log, its answer or clock is wrong
  "WITNESS_ERROR",
  "WITNESS_UNREACHABLE",
  "ORIGIN_MISMATCH",
  "NOT_APPEND_ONLY",
  "UNCOMMITTED_TAIL",
  "PROOF_INVALID",
  "INDEX_OUT_OF_RANGE",
  // Recording work: files, git, runs and artifacts
  "EMPTY_FOLDER",
  "UNREADABLE_FILE",
  "NOT_A_GIT_REPOSITORY",
  "GIT_ERROR",
  "UNKNOWN_ARTIFACT",
  "PARAMS_INVALID",
  "LINEAGE_CYCLE",
  // A release's files against its signed statement (verify --dir, hf verify)
  "MISSING_FILE",
  "CHANGED_FILE",
  "EXTRA_FILE",
  "UNCHECKED_FILE",
  "MANIFEST_MISMATCH",
  "RELEASE_NOT_FOUND",
  // Licenses and model cards
  "LICENSE_CONFLICT",
  "CARD_INVALID",
  // Hardening (issue 8): a symlink, FIFO or device where the ledger keeps a file or folder, or a path that would
  // leave the folder it belongs to. Refused before anything is read through it or written to it.
  "UNSAFE_PATH",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class ShouldersError extends Error {
  override readonly name = "ShouldersError";
  readonly code: ErrorCode;
  /** The log entry index the error is about, when there is one. */
  readonly index: number | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; index?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.index = options.index;
  }
}

export function isShouldersError(error: unknown): error is ShouldersError {
  return error instanceof ShouldersError;
}
