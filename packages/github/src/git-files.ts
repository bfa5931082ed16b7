import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { decodedPathProblem, runGit, runGitUnchecked, shownPath, streamGitBytes } from "@shoulders/attribution";
import { ShouldersError } from "@shoulders/ledger";

/**
 * The exact bytes of `path` at `revision`, or undefined when that revision has no such file. Read from git's object
 * store, never from a work tree: this is how the actions read a base branch's trust root or a pull request's files
 * without checking anything out. A folder that is not a repository is an error, never "no such file": that would
 * read as a base branch with no ledger.
 */
export function showFile(repoDir: string, revision: string, path: string): Buffer | undefined {
  const result = runGitUnchecked(repoDir, ["cat-file", "blob", `${revision}:${path}`], { binary: true });
  return result.status === 0 ? result.stdout : undefined;
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
 * runner's own files. So are names the record action would not record (a line break, a backslash, not UTF-8: see
 * decodedPathProblem), so that the preview sees what the merge push will record; skipped paths are shownPath's.
 * Nothing is checked out and no git attribute (filters, export-subst) is applied. One `git cat-file --batch` process
 * serves every file, and each file's content is written as it arrives, so time and memory do not grow with its square.
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
    if (entry.mode !== "100644" && entry.mode !== "100755") {
      skipped.push({ path: shownPath(entry.path), reason: entry.mode === "120000" ? "a symbolic link" : `mode ${entry.mode}` });
      return false;
    }
    const problem = decodedPathProblem(entry.path);
    if (problem !== undefined) skipped.push({ path: shownPath(entry.path), reason: `a name that ${problem}` });
    else if (entry.path.split("/").includes(".git")) skipped.push({ path: entry.path, reason: "an unsafe path" });
    else return true;
    return false;
  });
  if (files.length === 0) return { files: 0, skipped };
  const reader = new BatchReader(files, options.dest);
  try {
    const oids = `${files.map((file) => file.oid).join("\n")}\n`;
    for await (const chunk of streamGitBytes(options.repoDir, ["cat-file", "--batch"], { input: oids })) reader.push(chunk);
  } finally {
    reader.close();
  }
  if (reader.done !== files.length) throw new ShouldersError("GIT_ERROR", "git cat-file --batch stopped before every file was read");
  return { files: files.length, skipped };
}

// "<oid> blob <size>": 64 hex digits for SHA-256 ids, a type, a decimal size, with room to spare.
const MAX_HEADER_BYTES = 256;

/**
 * Parses `git cat-file --batch` output, "<oid> blob <size>\n<content>\n" per object in the order asked, chunk by
 * chunk: only a header is ever held, and content goes to its file as it arrives. Joining every chunk onto what was
 * buffered copied the whole blob again per 64 KiB chunk: 20 s for a 64 MiB blob that git prints in 0.4 s.
 */
class BatchReader {
  done = 0;
  private header: Buffer[] = [];
  private headerBytes = 0;
  /** Content bytes still to write to `fd`, then the newline after them; -1 while a header is read. */
  private remaining = -1;
  private fd: number | undefined;

  constructor(
    private readonly files: readonly TreeEntry[],
    private readonly dest: string,
  ) {}

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining < 0) at = this.readHeader(chunk, at);
      else if (this.remaining > 0) {
        const written = writeSync(this.fd as number, chunk, at, Math.min(this.remaining, chunk.length - at));
        this.remaining -= written;
        at += written;
      } else {
        if (chunk[at] !== 0x0a) throw this.unexpected();
        this.close();
        this.done++;
        this.remaining = -1;
        at++;
      }
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private readHeader(chunk: Buffer, at: number): number {
    const newline = chunk.indexOf(0x0a, at);
    const end = newline < 0 ? chunk.length : newline;
    this.header.push(chunk.subarray(at, end));
    this.headerBytes += end - at;
    if (this.headerBytes > MAX_HEADER_BYTES) throw this.unexpected();
    if (newline < 0) return chunk.length;
    const file = this.files[this.done];
    const [oid, type, size] = Buffer.concat(this.header).toString("latin1").split(" ");
    this.header = [];
    this.headerBytes = 0;
    if (file === undefined || oid !== file.oid || type !== "blob" || !/^[0-9]{1,15}$/.test(size ?? ""))
      throw new ShouldersError("GIT_ERROR", `git cat-file did not return ${shownPath(file?.path ?? "the files asked for")}`);
    const target = join(this.dest, file.path);
    mkdirSync(dirname(target), { recursive: true });
    this.fd = openSync(target, "w");
    this.remaining = Number(size);
    return newline + 1;
  }

  private unexpected(): ShouldersError {
    return new ShouldersError("GIT_ERROR", "git cat-file --batch printed output in a form this version cannot read");
  }
}

/**
 * The tree a merge of `head` into `base` would produce, computed by git without touching any work tree or index
 * (`git merge-tree --write-tree`, git 2.38+). Undefined when the merge conflicts or git is older.
 */
export function mergeTree(repoDir: string, base: string, head: string): string | undefined {
  const result = runGitUnchecked(repoDir, ["merge-tree", "--write-tree", "--no-messages", "--end-of-options", base, head]);
  if (result.status !== 0) return undefined;
  const tree = result.stdout.split("\n")[0]?.trim();
  return tree !== undefined && /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(tree) ? tree : undefined;
}
