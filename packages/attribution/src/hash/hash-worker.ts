/**
 * A hash worker: takes one file at a time from the main thread (a shared queue, so no core idles behind one huge
 * file), hashes it into a buffer allocated once per thread, and posts progress every few MiB.
 */
import { parentPort, workerData } from "node:worker_threads";
import { hashFileSync } from "./hash-file-sync.js";

export type HashJob = { id: number; path: string; absolutePath: string; size: number };
export type HashWorkerData = { bufferBytes: number; progressBytes: number };
export type HashWorkerMessage =
  | { type: "progress"; bytes: number }
  | { type: "done"; id: number; sha256: string; bytes: number }
  | { type: "error"; id: number; message: string };

const port = parentPort;
if (port) {
  const { bufferBytes, progressBytes } = workerData as HashWorkerData;
  const buffer = Buffer.allocUnsafeSlow(bufferBytes);
  const post = (message: HashWorkerMessage) => port.postMessage(message);
  port.on("message", (job: HashJob) => {
    let unreported = 0;
    try {
      const sha256 = hashFileSync(job, buffer, (bytes) => {
        unreported += bytes;
        if (unreported >= progressBytes) {
          post({ type: "progress", bytes: unreported });
          unreported = 0;
        }
      });
      post({ type: "done", id: job.id, sha256, bytes: unreported });
    } catch (error) {
      post({ type: "error", id: job.id, message: error instanceof Error ? error.message : String(error) });
    }
  });
}
