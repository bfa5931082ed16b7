/**
 * Hashes many files with every core. Each worker thread reads synchronously into one reusable buffer, so memory is
 * bounded by threads × buffer whatever the file sizes. Files go out largest first, one at a time from a shared queue:
 * a worker asks for the next file when it is done, so one huge shard never leaves the other cores idle at the end.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { ShouldersError } from "@shoulders/ledger";
import { hashFileSync } from "./hash-file-sync.js";
import type { HashJob, HashWorkerData, HashWorkerMessage } from "./hash-worker.js";
import type { FileEntry } from "./manifest.js";

export type HashableFile = { path: string; absolutePath: string; size: number };

export type HashFilesOptions = {
  /** Worker threads. Default: os.availableParallelism(). */
  threads?: number;
  /** Bytes hashed so far; the last call reports bytesDone === bytesTotal. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  signal?: AbortSignal;
  /** Hash in this thread when the files total fewer bytes: starting a worker costs ~30 ms. Default 8 MiB. */
  inProcessBelow?: number;
};

const MiB = 1024 * 1024;
// Measured on 2 EPYC vCPUs, 4 × 256 MiB in the page cache: 1–2 MiB reads were ~5% faster than 8 MiB ones (the chunk
// is still in the CPU cache when the hash reads it after the copy), and smaller ones were no faster.
const BUFFER_BYTES = 1 * MiB;
const PROGRESS_BYTES = 32 * MiB;
const IN_PROCESS_BELOW = 8 * MiB;

/** How many worker threads `hashFiles` starts for these files: 0 means it hashes in the calling thread. */
export function planHashing(files: readonly HashableFile[], options: Pick<HashFilesOptions, "threads" | "inProcessBelow"> = {}): number {
  const threads = options.threads ?? Math.max(1, availableParallelism());
  if (!Number.isSafeInteger(threads) || threads < 1)
    throw new ShouldersError("BAD_ARGUMENT", `threads must be a positive integer, got ${threads}`);
  const total = totalBytes(files);
  if (files.length === 0 || total < (options.inProcessBelow ?? IN_PROCESS_BELOW)) return 0;
  // Even a single large file goes to a worker: the main thread's event loop (progress, abort) stays responsive.
  return Math.min(threads, files.length);
}

/** Returns one entry per input file, in input order. */
export async function hashFiles(files: readonly HashableFile[], options: HashFilesOptions = {}): Promise<FileEntry[]> {
  for (const file of files) {
    if (!Number.isSafeInteger(file.size) || file.size < 0) {
      throw new ShouldersError("BAD_ARGUMENT", `size of ${JSON.stringify(file.path)} must be a non-negative integer`);
    }
  }
  options.signal?.throwIfAborted();
  const workers = planHashing(files, options);
  const digests = workers === 0 ? hashInProcess(files, options) : await hashInWorkers(files, workers, options);
  return files.map((file, i) => ({ path: file.path, size: file.size, sha256: digests[i]! }));
}

function totalBytes(files: readonly HashableFile[]): number {
  return files.reduce((sum, file) => sum + file.size, 0);
}

function hashInProcess(files: readonly HashableFile[], options: HashFilesOptions): string[] {
  const total = totalBytes(files);
  const largest = files.reduce((max, file) => Math.max(max, file.size), 1);
  const buffer = Buffer.allocUnsafe(Math.min(BUFFER_BYTES, largest));
  let done = 0;
  return files.map((file) => {
    options.signal?.throwIfAborted();
    let sha256: string;
    try {
      sha256 = hashFileSync(file, buffer);
    } catch (error) {
      throw new ShouldersError("UNREADABLE_FILE", (error as Error).message, { cause: error });
    }
    done += file.size;
    options.onProgress?.(done, total);
    return sha256;
  });
}

function hashInWorkers(files: readonly HashableFile[], count: number, options: HashFilesOptions): Promise<string[]> {
  const { signal, onProgress } = options;
  const total = totalBytes(files);
  const queue = files.map((_, i) => i).sort((a, b) => files[b]!.size - files[a]!.size);
  const digests: string[] = new Array(files.length);
  const pool: Worker[] = [];
  let next = 0;
  let finished = 0;
  let bytesDone = 0;
  let settled = false;

  return new Promise<string[]>((resolve, reject) => {
    // Every way out terminates every thread first, so nothing keeps running (or keeps the process alive) after us.
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      void Promise.allSettled(pool.map((worker) => worker.terminate())).then(outcome);
    };
    const fail = (error: unknown) => settle(() => reject(error));
    const onAbort = () => fail(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });

    const progress = (bytes: number) => {
      bytesDone += bytes;
      try {
        onProgress?.(bytesDone, total);
      } catch (error) {
        fail(error);
      }
    };
    const giveNext = (worker: Worker) => {
      if (next >= queue.length) return;
      const id = queue[next++]!;
      const { path, absolutePath, size } = files[id]!;
      worker.postMessage({ id, path, absolutePath, size } satisfies HashJob);
    };
    const onMessage = (worker: Worker, message: HashWorkerMessage) => {
      if (settled) return;
      if (message.type === "error") return fail(new ShouldersError("UNREADABLE_FILE", message.message));
      progress(message.bytes);
      if (message.type === "progress") return;
      digests[message.id] = message.sha256;
      if (++finished === files.length) return settle(() => resolve(digests));
      giveNext(worker);
    };

    try {
      const url = hashWorkerUrl();
      const workerData: HashWorkerData = { bufferBytes: BUFFER_BYTES, progressBytes: PROGRESS_BYTES };
      // Workers inherit the process's node flags, and `node --input-type=module -e ...` would make every worker fail
      // to start (ERR_INPUT_TYPE_NOT_ALLOWED): the flag only applies to the -e string, never to a worker file.
      const execArgv = process.execArgv.filter((flag) => !flag.startsWith("--input-type"));
      for (let i = 0; i < count && !settled; i++) {
        const worker = new Worker(url, { workerData, execArgv });
        pool.push(worker);
        worker.on("message", (message: HashWorkerMessage) => onMessage(worker, message));
        worker.on("error", (error) => fail(new ShouldersError("INTERNAL", `a hash worker failed: ${error.message}`, { cause: error })));
        worker.on("exit", (code) => fail(new ShouldersError("INTERNAL", `a hash worker exited early (code ${code})`)));
        giveNext(worker);
      }
    } catch (error) {
      fail(
        error instanceof ShouldersError
          ? error
          : new ShouldersError("INTERNAL", `cannot start hash workers: ${String(error)}`, { cause: error }),
      );
    }
  });
}

let workerUrl: URL | undefined;

/**
 * The compiled worker sits next to this file in dist/. Under vitest this file is the TypeScript source, with no
 * hash-worker.js beside it, so fall back to the build output (the build runs before the tests).
 */
export function hashWorkerUrl(): URL {
  if (workerUrl) return workerUrl;
  for (const candidate of [new URL("./hash-worker.js", import.meta.url), new URL("../../dist/hash/hash-worker.js", import.meta.url)]) {
    if (existsSync(fileURLToPath(candidate))) {
      workerUrl = candidate;
      return candidate;
    }
  }
  throw new ShouldersError("INTERNAL", "the hash worker is missing: build @shoulders/attribution first (npx tsc -b)");
}
