import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { runGit } from "@shoulders/attribution";
import { ShouldersError } from "@shoulders/ledger";

// As in @shoulders/attribution's runGit: no prompts, stable messages, the objects as stored (no replace refs).
function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C", GIT_NO_REPLACE_OBJECTS: "1" };
  delete env.GIT_DIR;
  delete env.GIT_WORK_TREE;
  delete env.GIT_INDEX_FILE;
  return env;
}

/**
 * The exact bytes of `path` at `revision`, or undefined when that revision has no such file. Read from git's object
 * store, never from a work tree: this is how the actions read a base branch's trust root or a pull request's files
 * without checking anything out.
 */
export function showFile(repoDir: string, revision: string, path: string): Buffer | undefined {
  const result = spawnSync("git", ["--no-pager", "cat-file", "blob", `${revision}:${path}`], {
    cwd: repoDir,
    env: gitEnv(),
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw new ShouldersError("GIT_ERROR", `cannot run git: ${result.error.message}`, { cause: result.error });
  if (result.status !== 0) return undefined;
  return result.stdout;
}

export type TreeEntry = { mode: string; oid: string; path: string };

/** The files (blobs) under `paths` at `treeish`, with their modes; `paths` relative to the top of the repository. */
export function listTree(repoDir: string, treeish: string, paths: readonly string[]): TreeEntry[] {
  const output = runGit(repoDir, [
    "ls-tree",
    "-r",
    "-z",
    "--full-tree",
    "--end-of-options",
    treeish,
    "--",
    ...paths.map((path) => `:(literal)${path}`),
  ]);
  const entries: TreeEntry[] = [];
  for (const record of output.split("\0")) {
    if (record === "") continue;
    const tab = record.indexOf("\t");
    const [mode, type, oid] = record.slice(0, tab).split(" ");
    if (type === "blob" && mode !== undefined && oid !== undefined) entries.push({ mode, oid, path: record.slice(tab + 1) });
  }
  return entries;
}

/**
 * Writes the regular files under `paths` at `treeish` into `dest`, as data. Symbolic links and submodules in the tree
 * are skipped and reported: a pull request's tree is attacker input, and a link could point the reader at the
 * runner's own files. Nothing is checked out and no git attribute (filters, export-subst) is applied. One
 * `git cat-file --batch` process serves every file.
 */
export async function extractTree(options: {
  repoDir: string;
  treeish: string;
  paths: readonly string[];
  dest: string;
}): Promise<{ files: number; skipped: { path: string; reason: string }[] }> {
  const entries = listTree(options.repoDir, options.treeish, options.paths);
  const skipped: { path: string; reason: string }[] = [];
  const files = entries.filter((entry) => {
    if (entry.mode === "100644" || entry.mode === "100755") {
      if (entry.path.split("/").some((part) => part === ".." || part === "." || part === "" || part === ".git")) {
        skipped.push({ path: entry.path, reason: "an unsafe path" });
        return false;
      }
      return true;
    }
    skipped.push({ path: entry.path, reason: entry.mode === "120000" ? "a symbolic link" : `mode ${entry.mode}` });
    return false;
  });
  if (files.length === 0) return { files: 0, skipped };
  const child = spawn("git", ["--no-pager", "cat-file", "--batch"], {
    cwd: options.repoDir,
    env: gitEnv(),
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    if (stderr.length < 4096) stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once("error", (error) => reject(new ShouldersError("GIT_ERROR", `cannot run git: ${error.message}`, { cause: error })));
    child.once("close", resolve);
  });
  child.stdin.on("error", () => {}); // git closing early is reported through its exit status
  child.stdin.end(`${files.map((file) => file.oid).join("\n")}\n`);
  // The batch protocol: "<oid> blob <size>\n<content>\n" per object, in the order asked.
  let buffered: Buffer = Buffer.alloc(0);
  let next = 0;
  for await (const chunk of child.stdout) {
    buffered = buffered.length === 0 ? (chunk as Buffer) : Buffer.concat([buffered, chunk as Buffer]);
    for (;;) {
      const file = files[next];
      if (file === undefined) break;
      const newline = buffered.indexOf(0x0a);
      if (newline < 0) break;
      const header = buffered.subarray(0, newline).toString("latin1").split(" ");
      if (header[0] !== file.oid || header[1] !== "blob") throw new ShouldersError("GIT_ERROR", `git cat-file did not return ${file.path}`);
      const size = Number(header[2]);
      if (buffered.length < newline + 1 + size + 1) break;
      const target = join(options.dest, file.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, buffered.subarray(newline + 1, newline + 1 + size));
      buffered = buffered.subarray(newline + 1 + size + 1);
      next++;
    }
  }
  const status = await exited;
  if (status !== 0 || next !== files.length)
    throw new ShouldersError("GIT_ERROR", `git cat-file failed: ${stderr.split("\n")[0] || `status ${status}`}`);
  return { files: files.length, skipped };
}

/**
 * The tree a merge of `head` into `base` would produce, computed by git without touching any work tree or index
 * (`git merge-tree --write-tree`, git 2.38+). Undefined when the merge conflicts or git is older.
 */
export function mergeTree(repoDir: string, base: string, head: string): string | undefined {
  const result = spawnSync("git", ["--no-pager", "merge-tree", "--write-tree", "--no-messages", "--end-of-options", base, head], {
    cwd: repoDir,
    env: gitEnv(),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (result.status !== 0) return undefined;
  const tree = result.stdout.split("\n")[0]?.trim();
  return tree !== undefined && /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(tree) ? tree : undefined;
}

/** Runs git and returns everything it said, for callers that must tell one failure from another (a rejected push). */
export function gitCommand(repoDir: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync("git", ["--no-pager", ...args], {
    cwd: repoDir,
    env: gitEnv(),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new ShouldersError("GIT_ERROR", `cannot run git: ${result.error.message}`, { cause: result.error });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
