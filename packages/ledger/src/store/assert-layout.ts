import { lstatSync } from "node:fs";
import { ShouldersError } from "../errors.js";
import type { Layout } from "./layout.js";

/**
 * The folders of `.attribution/` must be real folders. git stores symlinks, so a pull request can turn `log/` or
 * `pending/` into a link to a folder elsewhere on the machine; the writer would then append, create and delete files
 * there, and a verifier would read them. Checked before anything is read or written; missing folders are left to the
 * caller, which reports them with their own codes.
 */
export function assertLayoutFolders(layout: Layout): void {
  for (const [path, name] of [
    [layout.root, ".attribution"],
    [layout.logDir, ".attribution/log"],
    [layout.pendingDir, ".attribution/pending"],
    [layout.stateDir, ".attribution/.state"],
  ] as const) {
    let isFolder: boolean;
    try {
      isFolder = lstatSync(path).isDirectory();
    } catch {
      continue;
    }
    if (!isFolder) throw new ShouldersError("UNSAFE_PATH", `${name} must be a folder, not a symlink or a file`);
  }
}
