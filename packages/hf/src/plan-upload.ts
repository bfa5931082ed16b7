import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { CommitOperation } from "@huggingface/hub";
import { assertManifestPath, type FileEntry, hashDirectory, hashFiles, isReleaseFile, listFiles } from "@shoulders/attribution";
import { ShouldersError } from "@shoulders/ledger";
import { decodeCard, readCardFile } from "./card/read-card-file.js";

/** A file to upload, hashed before anything is sent, with what the client will read it from. */
export type PlannedFile = FileEntry & { content: Blob | URL };

export type UploadPlan = {
  files: PlannedFile[];
  /** Paths the caller asked to delete in the same commit. */
  deletes: string[];
  skipped: { path: string; reason: string }[];
};

type Progress = ((done: number, total: number) => void) | undefined;

/** A folder, as `hf upload DIR` sends it: every file but README.md (the card's base) and .attribution/ (the ledger's). */
export async function planFolder(folder: string, onProgress: Progress, cachePath?: string): Promise<UploadPlan> {
  const hashed = await hashDirectory(folder, {
    exclude: (path) => !isReleaseFile(path),
    ...(onProgress === undefined ? {} : { onProgress }),
    ...(cachePath === undefined ? {} : { cachePath }),
  });
  const files = hashed.files.map((file) => ({ ...file, content: pathToFileURL(join(folder, file.path)) }));
  return { files, deletes: [], skipped: hashed.skipped };
}

/** The folder's README.md, which becomes the base of the rendered card instead of the Hub's. */
export function folderCard(folder: string): string | undefined {
  const path = join(folder, "README.md");
  return readCardFile(path, path, { within: folder });
}

/** The README.md among the operations, if any: the base of the rendered card instead of the Hub's. */
export async function operationsCard(operations: readonly CommitOperation[]): Promise<string | undefined> {
  for (const operation of operations) {
    if (operation.operation !== "addOrUpdate") continue;
    const path = operation.path.replace(/^\.\//, "");
    if (operation.content instanceof URL) {
      if (operation.content.protocol !== "file:") continue;
      const absolute = fileURLToPath(operation.content);
      const folder = statSync(absolute).isDirectory();
      const file = folder ? (path === "" ? join(absolute, "README.md") : undefined) : path === "README.md" ? absolute : undefined;
      // A folder's README.md is followed only inside the folder, as folderCard does; a README.md named itself is the user's.
      const text = file === undefined ? undefined : readCardFile(file, file, folder ? { within: absolute } : {});
      if (text !== undefined) return text;
    } else if (path === "README.md") {
      return decodeCard(new Uint8Array(await operation.content.arrayBuffer()), "README.md");
    }
  }
  return undefined;
}

/**
 * The operations of a `commit` (or the files of `uploadFiles`), hashed. A file: URL to a folder is expanded here, so
 * that exactly the files hashed are the files sent. Operations whose uploaded bytes cannot be known before the commit
 * (edits of remote content, server-side copies, http URLs) cannot be signed and are refused.
 */
export async function planOperations(operations: readonly CommitOperation[], onProgress: Progress): Promise<UploadPlan> {
  const local: { path: string; absolutePath: string; size: number }[] = [];
  const blobs: { path: string; blob: Blob }[] = [];
  const deletes: string[] = [];
  for (const operation of operations) {
    if (operation.operation === "delete") {
      if (!isReleaseFile(operation.path)) throw refused(operation.path, "README.md and .attribution/ are written by the upload itself");
      deletes.push(operation.path);
      continue;
    }
    if (operation.operation !== "addOrUpdate") {
      throw new ShouldersError(
        "BAD_ARGUMENT",
        `a "${operation.operation}" operation cannot be attributed: its uploaded bytes are not known before the commit`,
      );
    }
    const path = operation.path.replace(/^\.\//, "");
    if (operation.content instanceof URL) {
      if (operation.content.protocol !== "file:")
        throw refused(path, "only local files (file: URLs) and Blobs can be hashed before they are sent");
      const absolute = fileURLToPath(operation.content);
      if (statSync(absolute).isDirectory()) {
        // A folder sent to the repository root may be a clone with its own ledger: the upload writes .attribution/.
        const exclude = path === "" ? (child: string) => child === ".attribution" || child.startsWith(".attribution/") : undefined;
        for (const file of listFiles(absolute, { exclude }).files)
          local.push({ ...file, path: path === "" ? file.path : `${path}/${file.path}` });
      } else {
        local.push({ path, absolutePath: absolute, size: statSync(absolute).size });
      }
    } else {
      blobs.push({ path, blob: operation.content });
    }
  }
  // README.md is the base of the card (operationsCard); anything under .attribution/ would overwrite the ledger.
  for (const file of [...local, ...blobs]) {
    if (file.path !== "README.md" && !isReleaseFile(file.path)) throw refused(file.path, "the upload writes .attribution/ from the ledger");
    assertManifestPath(file.path);
  }
  const releaseLocal = local.filter((file) => file.path !== "README.md");
  const releaseBlobs = blobs.filter((file) => file.path !== "README.md");
  const total = [...releaseLocal, ...releaseBlobs.map((file) => ({ size: file.blob.size }))].reduce((sum, file) => sum + file.size, 0);
  const hashedLocal = await hashFiles(releaseLocal, { onProgress: onProgress && ((done) => onProgress(done, total)) });
  const files: PlannedFile[] = hashedLocal.map((file, i) => ({
    ...file,
    content: pathToFileURL((releaseLocal[i] as { absolutePath: string }).absolutePath),
  }));
  let done = hashedLocal.reduce((sum, file) => sum + file.size, 0);
  for (const { path, blob } of releaseBlobs) {
    files.push({ path, size: blob.size, sha256: await hashBlob(blob), content: blob });
    done += blob.size;
    onProgress?.(done, total);
  }
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) throw refused(file.path, "is uploaded twice in one commit");
    seen.add(file.path);
  }
  return { files, deletes, skipped: [] };
}

/** The commit operations that send the planned files, each from the source that was hashed. */
export function uploadOperations(plan: UploadPlan): CommitOperation[] {
  return [
    ...plan.files.map((file): CommitOperation => ({ operation: "addOrUpdate", path: file.path, content: file.content })),
    ...plan.deletes.map((path): CommitOperation => ({ operation: "delete", path })),
  ];
}

async function hashBlob(blob: Blob): Promise<string> {
  const hash = createHash("sha256");
  const reader = blob.stream().getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) hash.update(next.value);
  return hash.digest("hex");
}

function refused(path: string, why: string): ShouldersError {
  return new ShouldersError("BAD_ARGUMENT", `cannot upload ${JSON.stringify(path)} with attribution: ${why}`);
}
