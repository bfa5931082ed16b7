import { lstatSync } from "node:fs";
import {
  type Layout,
  listSegments,
  type PreparedAppend,
  readCheckpointBytes,
  readTrustBytes,
  segmentName,
  segmentPath,
} from "@shoulders/ledger";
import { readBoundedFile } from "@shoulders/ledger/files";

/** Where a ledger file goes in the repository: the same place as in a clone, so `shoulders verify --dir` reads it. */
export type LedgerFile = { path: string; bytes: Buffer };

/** As verifyHubRelease reads them back: a larger segment would be refused there anyway. */
const MAX_SEGMENT_BYTES = 1024 * 1024 * 1024;

/**
 * The ledger as it will be once `prepared` is appended: trust.json, .gitattributes, every log segment and the
 * checkpoint. Read while the writer holds the lock, so the segments on disk are exactly the committed ones. Without
 * `prepared` (an identical release is already recorded) it is the ledger as it is. These bytes are published, so
 * none is read through a symlink: `.attribution/.gitattributes` committed as a link to ~/.ssh/id_ed25519 would
 * otherwise upload the key to a public repository.
 */
export function ledgerFiles(layout: Layout, prepared: PreparedAppend | undefined): LedgerFile[] {
  const files: LedgerFile[] = [{ path: ".attribution/trust.json", bytes: readTrustBytes(layout) }];
  if (existsOrIsLink(layout.gitattributes)) {
    const bytes = readBoundedFile(layout.gitattributes, { maxBytes: 64 * 1024, what: ".attribution/.gitattributes", tooLarge: "IO_ERROR" });
    files.push({ path: ".attribution/.gitattributes", bytes });
  }
  const changed = new Map((prepared?.segments ?? []).map((segment) => [segment.name, segment.bytes]));
  const names = new Set([...listSegments(layout).map(segmentName), ...changed.keys()]);
  for (const name of [...names].sort()) {
    const number = Number(name.slice(0, 6));
    const bytes =
      changed.get(name) ??
      readBoundedFile(segmentPath(layout, number), { maxBytes: MAX_SEGMENT_BYTES, what: `log/${name}`, tooLarge: "SEGMENT_INVALID" });
    files.push({ path: `.attribution/log/${name}`, bytes });
  }
  files.push({
    path: ".attribution/checkpoint",
    bytes: prepared === undefined ? readCheckpointBytes(layout) : Buffer.from(prepared.note, "utf8"),
  });
  return files;
}

/** A dangling symlink does not "exist" for existsSync, but must still be refused rather than skipped. */
function existsOrIsLink(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
