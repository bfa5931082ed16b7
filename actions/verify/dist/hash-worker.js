import { createRequire as __shouldersCreateRequire } from "node:module";
const require = __shouldersCreateRequire(import.meta.url);

// packages/attribution/src/hash/hash-worker.ts
import { parentPort, workerData } from "node:worker_threads";

// packages/attribution/src/hash/hash-file-sync.ts
import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
function hashFileSync(file, buffer, onBytes = () => {
}) {
  let fd;
  try {
    fd = openSync(file.absolutePath, "r");
  } catch (error) {
    throw new Error(`cannot open ${file.path}: ${codeOf(error)}`, { cause: error });
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new Error(`${file.path} is no longer a regular file`);
    if (stats.size !== file.size) throw new Error(`${file.path} changed size since it was listed (${file.size} → ${stats.size} bytes)`);
    const hash = createHash("sha256");
    let position = 0;
    for (; ; ) {
      let read;
      try {
        read = readSync(fd, buffer, 0, buffer.length, position);
      } catch (error) {
        throw new Error(`cannot read ${file.path}: ${codeOf(error)}`, { cause: error });
      }
      if (read === 0) break;
      position += read;
      if (position > file.size) throw new Error(`${file.path} grew while it was hashed`);
      hash.update(buffer.subarray(0, read));
      onBytes(read);
    }
    if (position !== file.size) throw new Error(`${file.path} shrank while it was hashed (${file.size} → ${position} bytes)`);
    return hash.digest("hex");
  } finally {
    closeSync(fd);
  }
}
function codeOf(error) {
  return error?.code ?? String(error);
}

// packages/attribution/src/hash/hash-worker.ts
var port = parentPort;
if (port) {
  const { bufferBytes, progressBytes } = workerData;
  const buffer = Buffer.allocUnsafeSlow(bufferBytes);
  const post = (message) => port.postMessage(message);
  port.on("message", (job) => {
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
