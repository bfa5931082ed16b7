import { existsSync } from "node:fs";
import type { Checkpoint } from "../checkpoint/checkpoint.js";
import { openCheckpoint } from "../checkpoint/open-checkpoint.js";
import { signCheckpointWith } from "../checkpoint/sign-checkpoint.js";
import { ShouldersError } from "../errors.js";
import { frontierRoot } from "../merkle/frontier.js";
import type { Signer } from "../signer.js";
import { writerLogKey } from "../trust/log-keys.js";
import { replayRegistry } from "../trust/replay-registry.js";
import type { SignerRegistry } from "../trust/signer-registry.js";
import { formatTrust, parseTrust, type Trust } from "../trust/trust-file.js";
import { assertLayoutFolders } from "./assert-layout.js";
import { fsyncDirectory, writeFileAtomic } from "./atomic-write.js";
import { extendHead, type Head, rebuildHead } from "./head.js";
import { loadCachedHead, saveCachedHead } from "./head-cache.js";
import { type Layout, layoutOf } from "./layout.js";
import { acquireLock } from "./lock.js";
import { readCheckpointBytes, readTrustBytes } from "./read-root-files.js";
import { recoverTail } from "./recover.js";
import { plannedSegments, writeLines } from "./segments.js";
import { beginTxn, finishTxn } from "./txn.js";

export type AppendResult = { firstIndex: number; count: number; checkpoint: Checkpoint; note: string };

/**
 * What an append will write, computed without touching the disk: the signed checkpoint, and each log segment the new
 * lines land in as it will read afterwards. Ed25519 signing is deterministic (RFC 8032 §5.1.6), so `append` with the
 * same lines under the same lock writes exactly these bytes. A caller publishes them first (the Hub upload) and
 * appends only once they were accepted, so a failed publication leaves the ledger untouched.
 */
export type PreparedAppend = {
  firstIndex: number;
  count: number;
  checkpoint: Checkpoint;
  note: string;
  /** The segments the new lines land in, by file name and in order; every other segment stays as it is. */
  segments: { name: string; bytes: Buffer }[];
};

/**
 * The ledger's own trust.json. Without one, a writer is told how to start a ledger, and a reader (who may hold a
 * download) only where to look: starting a ledger is never the answer to reading someone else's.
 */
export function readTrust(layout: Layout, options: { writing?: boolean } = {}): Trust {
  assertLayoutFolders(layout);
  if (!existsSync(layout.trust)) {
    throw new ShouldersError(
      "LEDGER_MISSING",
      options.writing === true
        ? `no ledger at ${layout.root}: run \`shoulders init\` first, or pass \`dir\``
        : `no ledger at ${layout.root} (.attribution/trust.json): pass \`dir\`, the folder that holds one`,
    );
  }
  return parseTrust(readTrustBytes(layout), "trust.json");
}

export function readCheckpoint(layout: Layout, trust: Trust): Checkpoint {
  if (!existsSync(layout.checkpoint)) throw new ShouldersError("CHECKPOINT_MISSING", `${layout.checkpoint} is missing`);
  return openCheckpoint(readCheckpointBytes(layout), trust);
}

/**
 * The single writer of a ledger. It holds the lock for as long as it lives, and every append is a small transaction:
 * write-ahead record, lines, checkpoint, frontier cache, then the record is removed. A writer killed anywhere leaves a
 * state that the next writer completes (when every line reached the disk) or rolls back (when not). Success is only
 * reported after the checkpoint is on disk, so no append that reported success is ever lost.
 */
export class LogWriter {
  readonly layout: Layout;
  private root: Trust;
  private keyName: string;
  private signer: Signer;
  private checkpointState: Checkpoint;
  private head: Head;
  private registryCache: SignerRegistry | undefined;

  private constructor(layout: Layout, trust: Trust, signer: Signer, keyName: string, checkpoint: Checkpoint, head: Head) {
    this.layout = layout;
    this.root = trust;
    this.signer = signer;
    this.keyName = keyName;
    this.checkpointState = checkpoint;
    this.head = head;
  }

  /** Takes the lock, loads the head (from the frontier cache when it checks out) and recovers an interrupted append. */
  static async open(dir: string, signer: Signer, options: { timeoutMs?: number } = {}): Promise<LogWriter> {
    const layout = layoutOf(dir);
    const trust = readTrust(layout, { writing: true });
    const keyName = writerLogKey(trust, signer.publicKey).name;
    const release = acquireLock(layout.lock, options);
    try {
      const checkpoint = readCheckpoint(layout, trust);
      const head = loadCachedHead(layout, checkpoint) ?? rebuildHead(layout, checkpoint);
      const writer = new LogWriter(layout, trust, signer, keyName, checkpoint, head);
      writer.release = release;
      await writer.recover();
      return writer;
    } catch (error) {
      release();
      throw error;
    }
  }

  private release: () => void = () => {};

  close(): void {
    this.release();
    this.release = () => {};
  }

  /** The root of trust as this writer holds it: the ledger's trust.json, read under the lock. */
  get trust(): Trust {
    return this.root;
  }

  get size(): number {
    return this.head.frontier.size;
  }

  get checkpoint(): Checkpoint {
    return this.checkpointState;
  }

  /** Who may sign what, as of the end of the log. Built on first use: only integrate and trust changes need it. */
  registry(): SignerRegistry {
    this.registryCache ??= replayRegistry(this.layout, this.trust, this.size);
    return this.registryCache;
  }

  /**
   * Appends log lines (compact envelopes, without newlines) and signs a checkpoint that covers them. Files named in
   * `removeAfterCommit` (integrated pending files) are deleted only once the checkpoint is on disk.
   */
  async append(lines: readonly string[], removeAfterCommit: readonly string[] = []): Promise<AppendResult> {
    const firstIndex = this.size;
    const bytes = encodeLines(lines);
    const txn = await beginTxn(this.layout, this.trust.origin, this.signer, this.head, bytes, removeAfterCommit);
    writeLines(this.layout, this.head, bytes);
    const note = await this.commit(extendHead(this.head, bytes));
    finishTxn(this.layout, txn);
    this.registryCache = undefined;
    return { firstIndex, count: lines.length, checkpoint: this.checkpointState, note };
  }

  /**
   * The files `append(lines)` would write, without writing anything. Only meaningful while this writer holds the lock,
   * which it does until `close()`: nobody else can append in between.
   */
  async prepare(lines: readonly string[]): Promise<PreparedAppend> {
    const head = this.head;
    const bytes = encodeLines(lines);
    const { checkpoint, note } = await this.signHead(extendHead(head, bytes));
    const segments = plannedSegments(this.layout, head, bytes);
    return { firstIndex: head.frontier.size, count: lines.length, checkpoint, note, segments };
  }

  /**
   * Replaces the root with `trust` and signs the checkpoint at the current size with `signer`, which must be a current log
   * key of the new root (a rotation). trust.json is written first: in between, the old checkpoint still opens, since
   * a retired key may sign heads up to its rotation, so a crash leaves a valid ledger either way.
   */
  async replaceRoot(trust: Trust, signer: Signer): Promise<string> {
    const keyName = writerLogKey(trust, signer.publicKey).name;
    writeFileAtomic(this.layout.trust, formatTrust(trust));
    fsyncDirectory(this.layout.root);
    this.root = trust;
    this.keyName = keyName;
    this.signer = signer;
    this.registryCache = undefined;
    return await this.commit(this.head);
  }

  /** Finishes or rolls back what a killed writer left: see recoverTail. */
  private async recover(): Promise<void> {
    const recovery = recoverTail(this.layout, this.trust, this.head);
    if (recovery.commit !== undefined) await this.commit(recovery.commit);
    if (recovery.txn !== undefined) finishTxn(this.layout, recovery.txn);
  }

  /** The signed checkpoint for a head. Ed25519 is deterministic, so prepare() and commit() sign the same bytes. */
  private async signHead(head: Head): Promise<{ checkpoint: Checkpoint; note: string }> {
    const checkpoint: Checkpoint = {
      origin: this.trust.origin,
      size: head.frontier.size,
      rootHash: frontierRoot(head.frontier),
      extensions: [],
    };
    return { checkpoint, note: await signCheckpointWith(checkpoint, this.keyName, this.signer) };
  }

  /** Moves the ledger to `head`: the checkpoint on disk is the commit point, the frontier cache follows it. */
  private async commit(head: Head): Promise<string> {
    const { checkpoint, note } = await this.signHead(head);
    writeFileAtomic(this.layout.checkpoint, note);
    fsyncDirectory(this.layout.root);
    this.checkpointState = checkpoint;
    this.head = head;
    saveCachedHead(this.layout, head);
    return note;
  }
}

function encodeLines(lines: readonly string[]): Buffer[] {
  return lines.map((line) => Buffer.from(line, "utf8"));
}
