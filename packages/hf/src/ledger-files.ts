import { existsSync, readFileSync } from "node:fs";
import { type Layout, listSegments, type PreparedAppend, segmentName, segmentPath } from "@shoulders/ledger";

/** Where a ledger file goes in the repository: the same place as in a clone, so `shoulders verify --dir` reads it. */
export type LedgerFile = { path: string; bytes: Buffer };

/**
 * The ledger as it will be once `prepared` is appended: trust.json, .gitattributes, every log segment and the
 * checkpoint. Read while the writer holds the lock, so the segments on disk are exactly the committed ones. Without
 * `prepared` (an identical release is already recorded) it is the ledger as it is.
 */
export function ledgerFiles(layout: Layout, prepared: PreparedAppend | undefined): LedgerFile[] {
  const files: LedgerFile[] = [{ path: ".attribution/trust.json", bytes: readFileSync(layout.trust) }];
  if (existsSync(layout.gitattributes)) files.push({ path: ".attribution/.gitattributes", bytes: readFileSync(layout.gitattributes) });
  const changed = new Map((prepared?.segments ?? []).map((segment) => [segment.name, segment.bytes]));
  const names = new Set([...listSegments(layout).map(segmentName), ...changed.keys()]);
  for (const name of [...names].sort()) {
    const number = Number(name.slice(0, 6));
    files.push({ path: `.attribution/log/${name}`, bytes: changed.get(name) ?? readFileSync(segmentPath(layout, number)) });
  }
  files.push({
    path: ".attribution/checkpoint",
    bytes: prepared === undefined ? readFileSync(layout.checkpoint) : Buffer.from(prepared.note, "utf8"),
  });
  return files;
}
