import type { Statement } from "@shoulders/ledger";

/** One pending file the merge will integrate, decoded for a reviewer (previewMerge's `recorded.statements`). */
export type PendingPreview = {
  /** The file's path in the repository, .attribution/pending/<digest>.json. */
  file: string;
  /** The file's digest, as `shoulders integrate --approve` names it. */
  digest: string;
  /** The log index it will take on merge. */
  index: number;
  statement: Statement;
  /** The keyid of its first signature: its author (docs/format.md). */
  author: string;
  /** The identity the log declared for that key, if any. */
  authorIdentity?: string;
};
