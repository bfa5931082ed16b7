import type { CommitOperation } from "@huggingface/hub";
import { isReleaseFile } from "@shoulders/attribution";
import { isHubManaged } from "./check-release-files.js";
import type { LedgerFile } from "./ledger-files.js";
import type { HubFile } from "./list-hub-files.js";
import { type UploadPlan, uploadOperations } from "./plan-upload.js";

export type CommitPlan = {
  operations: CommitOperation[];
  /** Paths the commit deletes: the caller's, our stale ledger files, and the extra files when asked. */
  deleted: string[];
  /** Release files on the branch that the release does not list. */
  extraOnHub: string[];
};

/** The one commit of an upload: the release files, the card, the ledger, and the deletions. */
export function planCommitOperations(input: {
  plan: UploadPlan;
  card: string;
  ledger: readonly LedgerFile[];
  onHub: readonly HubFile[];
  deleteExtra: boolean;
}): CommitPlan {
  const { plan, ledger, onHub } = input;
  const uploading = new Set([...plan.files.map((file) => file.path), ...ledger.map((file) => file.path)]);
  // The ledger in the repository is ours: a file of it we no longer have (an old segment layout, a pending file)
  // would make the Hub's copy differ from the one the card pins.
  const staleLedger = onHub.filter((file) => file.path.startsWith(".attribution/") && !uploading.has(file.path)).map((file) => file.path);
  const extraOnHub = onHub
    .filter(
      (file) => isReleaseFile(file.path) && !isHubManaged(file.path) && !uploading.has(file.path) && !plan.deletes.includes(file.path),
    )
    .map((file) => file.path);
  const deleted = [...plan.deletes, ...staleLedger, ...(input.deleteExtra ? extraOnHub : [])].filter((path) =>
    onHub.some((file) => file.path === path),
  );
  const operations: CommitOperation[] = [
    ...uploadOperations({ ...plan, deletes: [] }),
    { operation: "addOrUpdate", path: "README.md", content: new Blob([input.card]) },
    ...ledger.map((file): CommitOperation => ({ operation: "addOrUpdate", path: file.path, content: new Blob([file.bytes]) })),
    ...deleted.map((path): CommitOperation => ({ operation: "delete", path })),
  ];
  return { operations, deleted, extraOnHub };
}
