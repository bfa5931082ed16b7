import { join } from "node:path";

/** Entries per log segment (docs/format.md, "Layout in a repository"). */
export const SEGMENT_SIZE = 16_384;

export type Layout = {
  root: string;
  trust: string;
  logDir: string;
  checkpoint: string;
  pendingDir: string;
  gitattributes: string;
  gitignore: string;
  /** Tool-private state: the lock, the write-ahead record and the Merkle frontier cache. Never committed. */
  stateDir: string;
  lock: string;
  txn: string;
  frontier: string;
};

export function layoutOf(dir: string): Layout {
  const root = join(dir, ".attribution");
  const stateDir = join(root, ".state");
  return {
    root,
    trust: join(root, "trust.json"),
    logDir: join(root, "log"),
    checkpoint: join(root, "checkpoint"),
    pendingDir: join(root, "pending"),
    gitattributes: join(root, ".gitattributes"),
    gitignore: join(root, ".gitignore"),
    stateDir,
    lock: join(stateDir, "lock"),
    txn: join(stateDir, "txn.json"),
    frontier: join(stateDir, "frontier.json"),
  };
}

export function segmentName(segment: number): string {
  return `${String(segment).padStart(6, "0")}.jsonl`;
}

export function segmentPath(layout: Layout, segment: number): string {
  return join(layout.logDir, segmentName(segment));
}

export const SEGMENT_FILE = /^(\d{6})\.jsonl$/;
