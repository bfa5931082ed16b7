/**
 * The public surface of the trust core. A ledger is read, verified and written through `openLedger`; the store's
 * plumbing (the writer's transactions, locks, atomic writes, file openers) stays inside, so no caller can write
 * trust.json, the log or a checkpoint by itself. Safe readers of hostile files are in "@shoulders/ledger/files".
 */
export * from "./bytes.js";
export * from "./checkpoint/checkpoint.js";
export * from "./checkpoint/open-checkpoint.js";
export * from "./checkpoint/sign-checkpoint.js";
export * from "./dsse/envelope.js";
export * from "./dsse/pae.js";
export * from "./dsse/sign-envelope.js";
export * from "./errors.js";
export * from "./json/parse-strict-json.js";
export * from "./keys/generate-key.js";
export * from "./keys/keyid.js";
export * from "./keys/public-key.js";
export * from "./keys/secret-key.js";
export { createKeySigner, signEd25519 } from "./keys/sign.js";
export * from "./keys/verify-portable.js";
export * from "./keys/verify-signature.js";
export {
  type Admission,
  admitPendingFiles,
  listPending,
  type PendingOutcome,
  pendingDigest,
  type Refusal,
} from "./ledger/admit-pending.js";
export { type InitResult, initLedger } from "./ledger/init-ledger.js";
export type { IntegrateResult } from "./ledger/integrate-pending.js";
export { type ListedEntry, listEntries } from "./ledger/list-entries.js";
export { listSigners, type SignerListing, type SignerState } from "./ledger/list-signers.js";
export { type Ledger, type LedgerOptions, openLedger } from "./ledger/open-ledger.js";
export { type EntryProof, proveEntry } from "./ledger/prove-entry.js";
export { readEntries } from "./ledger/read-entries.js";
export type { RotateResult } from "./ledger/rotate-log-key.js";
export type { SubmitResult } from "./ledger/submit-statements.js";
export * from "./merkle/index.js";
export * from "./note/cosignature.js";
export * from "./note/sign-cosignature.js";
export * from "./note/sign-note.js";
export * from "./note/verifier-key.js";
export * from "./note/verify-note.js";
export * from "./sha256.js";
export type { Signer } from "./signer.js";
export * from "./statement/ledger-binding.js";
export * from "./statement/statement.js";
export { type Layout, layoutOf, SEGMENT_SIZE, segmentName, segmentPath } from "./store/layout.js";
export { type AppendResult, type LogWriter, type PreparedAppend, readCheckpoint, readTrust } from "./store/log-writer.js";
export { type LogEvent, listSegments, readLog } from "./store/read-log.js";
export { MAX_CHECKPOINT_BYTES, MAX_TRUST_BYTES, readCheckpointBytes, readTrustBytes } from "./store/read-root-files.js";
export * from "./trust/identity.js";
export * from "./trust/key-statement.js";
export * from "./trust/log-keys.js";
export * from "./trust/parse-identity.js";
export { replayRegistry } from "./trust/replay-registry.js";
export * from "./trust/signer-registry.js";
export * from "./trust/trust-file.js";
export { withIndex } from "./verify/check-entry.js";
export * from "./verify/verify-ledger.js";
