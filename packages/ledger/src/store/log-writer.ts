import { closeSync, constants, existsSync, fsyncSync, ftruncateSync, readSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname } from "node:path";
import { z } from "zod";
import { equalBytes, fromHex, toHex } from "../bytes.js";
import type { Checkpoint } from "../checkpoint/checkpoint.js";
import { openCheckpoint } from "../checkpoint/open-checkpoint.js";
import { signCheckpointWith } from "../checkpoint/sign-checkpoint.js";
import { ShouldersError } from "../errors.js";
import { appendLeaf, emptyFrontier, type Frontier, frontierRoot, isWellFormedFrontier } from "../merkle/frontier.js";
import { leafHash } from "../merkle/hash.js";
import type { Signer } from "../signer.js";
import { writerLogKey } from "../trust/log-keys.js";
import { applyEntry, replayRegistry } from "../trust/replay-registry.js";
import type { SignerRegistry } from "../trust/signer-registry.js";
import { formatTrust, parseTrust, type Trust } from "../trust/trust-file.js";
import { assertLayoutFolders } from "./assert-layout.js";
import { fsyncDirectory, writeFileAtomic } from "./atomic-write.js";
import { type Layout, layoutOf, SEGMENT_SIZE, segmentName, segmentPath } from "./layout.js";
import { acquireLock } from "./lock.js";
import { openRegularFile, readBoundedFile } from "./read-bounded-file.js";
import { listSegments, readLog } from "./read-log.js";
import { readCheckpointBytes, readTrustBytes } from "./read-root-files.js";

/** Where the committed log ends: the Merkle frontier of its entries and the byte length of its last segment. */
type Head = { frontier: Frontier; segmentBytes: number };

const FrontierCacheSchema = z.object({
  version: z.literal(1),
  size: z.number().int().min(0),
  segmentBytes: z.number().int().min(0),
  hashes: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
});

/** The write-ahead record of an append in progress: enough to finish it or undo it after a crash. */
const TxnSchema = z.object({
  version: z.literal(1),
  baseSize: z.number().int().min(0),
  baseSegmentBytes: z.number().int().min(0),
  leafHashes: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
  removeAfterCommit: z.array(z.string()),
});
type Txn = z.infer<typeof TxnSchema>;

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
        ? `no ledger at ${layout.root}: run \`shoulders init\` first, or pass --dir`
        : `no ledger at ${layout.root} (.attribution/trust.json): pass --dir with the folder that holds one`,
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
    const bytes = lines.map((line) => Buffer.from(line, "utf8"));
    const txn: Txn = {
      version: 1,
      baseSize: firstIndex,
      baseSegmentBytes: this.head.segmentBytes,
      leafHashes: bytes.map((line) => toHex(leafHash(line))),
      removeAfterCommit: [...removeAfterCommit],
    };
    writeFileAtomic(this.layout.txn, JSON.stringify(txn));
    writeLines(this.layout, firstIndex, this.head.segmentBytes, bytes);
    const head = extendHead(this.head, bytes);
    const note = await this.commit(head);
    finishTxn(this.layout, txn);
    this.registryCache = undefined;
    return { firstIndex, count: lines.length, checkpoint: this.checkpointState, note };
  }

  /**
   * The files `append(lines)` would write, without writing anything. Only meaningful while this writer holds the lock,
   * which it does until `close()`: nobody else can append in between.
   */
  async prepare(lines: readonly string[]): Promise<PreparedAppend> {
    const firstIndex = this.size;
    const bytes = lines.map((line) => Buffer.from(line, "utf8"));
    const { checkpoint, note } = await this.signHead(extendHead(this.head, bytes));
    const segments = segmentBatches(firstIndex, bytes).map(({ segment, continues, bytes: batch }) => {
      // Only the committed bytes count: the recovery in open() already cut any debris past them.
      const before = continues ? readPrefix(segmentPath(this.layout, segment), this.head.segmentBytes) : Buffer.alloc(0);
      return { name: segmentName(segment), bytes: Buffer.concat([before, batch]) };
    });
    return { firstIndex, count: lines.length, checkpoint, note, segments };
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

  private async commit(head: Head): Promise<string> {
    const { checkpoint, note } = await this.signHead(head);
    writeFileAtomic(this.layout.checkpoint, note);
    fsyncDirectory(this.layout.root);
    this.checkpointState = checkpoint;
    this.head = head;
    saveCachedHead(this.layout, head);
    return note;
  }

  private async recover(): Promise<void> {
    const txn = readTxn(this.layout);
    if (txn !== undefined) {
      if (this.size === txn.baseSize + txn.leafHashes.length && txn.leafHashes.length > 0) {
        // The checkpoint was written: only the clean-up after it was interrupted.
        finishTxn(this.layout, txn);
        return;
      }
      if (this.size !== txn.baseSize || this.head.segmentBytes !== txn.baseSegmentBytes) {
        throw new ShouldersError("UNCOMMITTED_TAIL", "an interrupted append does not match the checkpoint; restore .attribution/ from git");
      }
      const tail = readTail(this.layout, this.head);
      const complete =
        !tail.partial &&
        tail.lines.length === txn.leafHashes.length &&
        tail.lines.every((line, position) => toHex(leafHash(line)) === txn.leafHashes[position]);
      if (complete) {
        await this.commit(extendHead(this.head, tail.lines));
        finishTxn(this.layout, txn);
      } else {
        truncateTo(this.layout, this.head);
        unlinkQuietly(this.layout.txn);
      }
      return;
    }
    const tail = readTail(this.layout, this.head);
    if (tail.partial) truncateTo(this.layout, extendHead(this.head, tail.lines));
    if (tail.lines.length === 0) return;
    // Complete lines beyond the checkpoint, written by some other interrupted writer: cover them only if they verify.
    const registry = replayRegistry(this.layout, this.trust, this.size);
    tail.lines.forEach((line, position) => {
      const index = this.size + position;
      try {
        applyEntry(registry, line, index, "verify");
      } catch (error) {
        throw new ShouldersError(
          "UNCOMMITTED_TAIL",
          `the log has entries beyond its checkpoint, and entry ${index} does not verify (${(error as ShouldersError).code}); restore .attribution/ from git`,
          { cause: error, index },
        );
      }
    });
    await this.commit(extendHead(this.head, tail.lines));
  }
}

/** The head after appending `lines` (each without its newline). */
function extendHead(head: Head, lines: readonly Uint8Array[]): Head {
  let frontier = head.frontier;
  let segmentBytes = head.segmentBytes;
  for (const line of lines) {
    if (frontier.size % SEGMENT_SIZE === 0 && frontier.size > 0) segmentBytes = 0;
    frontier = appendLeaf(frontier, leafHash(line));
    segmentBytes += line.length + 1;
  }
  return { frontier, segmentBytes };
}

const NEWLINE = Buffer.from("\n");

/**
 * Lines starting at log index `firstIndex`, grouped by the segment they go to, each with its newlines. `continues`
 * marks the first group when it extends a segment that already holds committed entries.
 */
function segmentBatches(firstIndex: number, lines: readonly Buffer[]): { segment: number; continues: boolean; bytes: Buffer }[] {
  const batches: { segment: number; continues: boolean; bytes: Buffer }[] = [];
  for (let index = firstIndex, position = 0; position < lines.length; ) {
    const room = SEGMENT_SIZE - (index % SEGMENT_SIZE);
    const batch = lines.slice(position, position + room);
    batches.push({
      segment: Math.floor(index / SEGMENT_SIZE),
      continues: index === firstIndex && index % SEGMENT_SIZE !== 0,
      bytes: Buffer.concat(batch.flatMap((line) => [line, NEWLINE])),
    });
    index += batch.length;
    position += batch.length;
  }
  return batches;
}

function writeLines(layout: Layout, firstIndex: number, segmentBytes: number, lines: readonly Buffer[]): void {
  for (const { segment, continues, bytes } of segmentBatches(firstIndex, lines)) {
    // Never through a symlink: a segment committed as a link would make us append to a file outside the ledger.
    const fd = openRegularFile(
      segmentPath(layout, segment),
      constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT,
      `log/${segmentName(segment)}`,
      {
        mode: 0o644,
      },
    );
    try {
      // Append at the committed length, not at the end of the file: a killed writer's debris was truncated away.
      if (segment === Math.floor(firstIndex / SEGMENT_SIZE)) ftruncateSync(fd, continues ? segmentBytes : 0);
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  fsyncDirectory(layout.logDir);
}

/** The segment that holds the last committed entry (segment 0 for an empty log). */
function headSegment(size: number): number {
  return size > 0 && size % SEGMENT_SIZE === 0 ? size / SEGMENT_SIZE - 1 : Math.floor(size / SEGMENT_SIZE);
}

/** Reads the complete lines after the head, and says whether an unfinished line follows them. */
function readTail(layout: Layout, head: Head): { lines: Buffer[]; partial: boolean } {
  const lines: Buffer[] = [];
  let partial = false;
  const size = head.frontier.size;
  const last = headSegment(size);
  const segments = listSegments(layout);
  if (segments.length === 0) return { lines, partial };
  if (segments.length === last + 1 && statSync(segmentPath(layout, last)).size === head.segmentBytes) return { lines, partial };
  for (const event of readLog(layout, last)) {
    if (event.index < size) continue;
    if (event.kind === "line") lines.push(event.bytes);
    else if (event.kind === "partial") partial = true;
    else
      throw new ShouldersError(
        "UNCOMMITTED_TAIL",
        `entry ${event.index} beyond the checkpoint is over 1 MiB; restore .attribution/ from git`,
        { index: event.index },
      );
  }
  return { lines, partial };
}

/** Cuts the log back to exactly `head`: a rollback, or the removal of a half-written line. */
function truncateTo(layout: Layout, head: Head): void {
  const last = headSegment(head.frontier.size);
  for (const segment of listSegments(layout)) {
    if (segment > last) unlinkSync(segmentPath(layout, segment));
  }
  const fd = openRegularFile(segmentPath(layout, last), constants.O_RDWR, `log/${segmentName(last)}`);
  try {
    ftruncateSync(fd, head.segmentBytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A write-ahead record names one leaf hash (67 bytes of JSON) per appended line: 100,000 commits take 7 MB. */
const MAX_TXN_BYTES = 256 << 20;

function readTxn(layout: Layout): Txn | undefined {
  if (!existsSync(layout.txn)) return undefined;
  try {
    const bytes = readBoundedFile(layout.txn, {
      maxBytes: MAX_TXN_BYTES,
      what: ".attribution/.state/txn.json",
      tooLarge: "UNCOMMITTED_TAIL",
    });
    return TxnSchema.parse(JSON.parse(bytes.toString("utf8")));
  } catch (cause) {
    throw new ShouldersError("UNCOMMITTED_TAIL", `${layout.txn} is unreadable; remove it and run the command again`, { cause });
  }
}

function finishTxn(layout: Layout, txn: Txn): void {
  // The record is a file on disk, so it may have been planted (git add -f): delete only integrated pending files,
  // never an arbitrary path it names.
  for (const path of txn.removeAfterCommit) if (isPendingFile(layout, path)) unlinkQuietly(path);
  unlinkQuietly(layout.txn);
}

function isPendingFile(layout: Layout, path: string): boolean {
  return dirname(path) === layout.pendingDir && /^[0-9a-f]{64}\.json$/.test(basename(path));
}

function loadCachedHead(layout: Layout, checkpoint: Checkpoint): Head | undefined {
  try {
    const bytes = readBoundedFile(layout.frontier, {
      maxBytes: 64 * 1024,
      what: ".attribution/.state/frontier.json",
      tooLarge: "IO_ERROR",
    });
    const cache = FrontierCacheSchema.parse(JSON.parse(bytes.toString("utf8")));
    const frontier: Frontier = { size: cache.size, hashes: cache.hashes.map((hash) => fromHex(hash, 32)) };
    // The signed checkpoint vouches for the cache: a frontier whose root matches it cannot be wrong.
    if (cache.size !== checkpoint.size || !isWellFormedFrontier(frontier)) return undefined;
    if (!equalBytes(frontierRoot(frontier), checkpoint.rootHash)) return undefined;
    const path = segmentPath(layout, headSegment(checkpoint.size));
    if (checkpoint.size === 0) return existsSync(path) ? { frontier, segmentBytes: 0 } : undefined;
    // The checkpoint vouches for the hashes, not for segmentBytes: a planted cache with a short length would make the
    // next append truncate committed entries. So the fast path needs the file to end exactly there; a longer file
    // (debris of a killed writer) takes the slow path, which counts the committed bytes itself.
    if (statSync(path).size !== cache.segmentBytes || !endsLineAt(path, cache.segmentBytes)) return undefined;
    return { frontier, segmentBytes: cache.segmentBytes };
  } catch {
    return undefined;
  }
}

function endsLineAt(path: string, offset: number): boolean {
  if (offset === 0) return true;
  const fd = openRegularFile(path, constants.O_RDONLY, path);
  try {
    const byte = Buffer.alloc(1);
    return readSyncAt(fd, byte, offset - 1) === 1 && byte[0] === 10;
  } finally {
    closeSync(fd);
  }
}

/** The first `length` bytes of a file: a segment's committed part. */
function readPrefix(path: string, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  if (length === 0) return buffer;
  const fd = openRegularFile(path, constants.O_RDONLY, path);
  try {
    let done = 0;
    while (done < length) {
      const read = readSync(fd, buffer, done, length - done, done);
      if (read === 0) throw new ShouldersError("SEGMENT_INVALID", `${path} is shorter than its committed length`);
      done += read;
    }
  } finally {
    closeSync(fd);
  }
  return buffer;
}

function readSyncAt(fd: number, buffer: Buffer, position: number): number {
  return readSync(fd, buffer, 0, buffer.length, position);
}

function saveCachedHead(layout: Layout, head: Head): void {
  const cache = { version: 1, size: head.frontier.size, segmentBytes: head.segmentBytes, hashes: head.frontier.hashes.map(toHex) };
  try {
    writeFileAtomic(layout.frontier, JSON.stringify(cache));
  } catch {
    // The cache only saves time; the next writer rebuilds it from the log.
  }
}

/** Reads the whole log once to find the head the checkpoint commits to: the slow path when the cache is missing. */
function rebuildHead(layout: Layout, checkpoint: Checkpoint): Head {
  let frontier = emptyFrontier();
  let segmentBytes = 0;
  for (const event of readLog(layout)) {
    if (event.index >= checkpoint.size) break;
    if (event.kind !== "line") {
      throw new ShouldersError("MALFORMED_ENTRY", `entry ${event.index} is not a complete line of at most 1 MiB`, { index: event.index });
    }
    if (event.index % SEGMENT_SIZE === 0) segmentBytes = 0;
    frontier = appendLeaf(frontier, leafHash(event.bytes));
    segmentBytes += event.bytes.length + 1;
  }
  if (frontier.size !== checkpoint.size) {
    throw new ShouldersError("CHECKPOINT_MISMATCH", `the checkpoint covers ${checkpoint.size} entries but the log holds ${frontier.size}`);
  }
  if (!equalBytes(frontierRoot(frontier), checkpoint.rootHash)) {
    throw new ShouldersError(
      "CHECKPOINT_MISMATCH",
      "the log does not match its checkpoint's root hash: it was changed after it was signed",
    );
  }
  return { frontier, segmentBytes };
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already removed.
  }
}
