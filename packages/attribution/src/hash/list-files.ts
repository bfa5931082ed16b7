/**
 * Lists the regular files of a folder for hashing. Everything the manifest will not cover is either refused with a
 * coded error or reported in `skipped`, never silently dropped, so a verifier can see what the digest leaves out.
 * What a folder may contain is skipped rather than refused: a dataset folder is often written by pull requests, and
 * one hostile name must not make every later recording fail.
 */
import { accessSync, constants, lstatSync, readdirSync, realpathSync, type Stats, statSync } from "node:fs";
import { isAbsolute, join, parse, relative, resolve, sep } from "node:path";
import { ShouldersError } from "@shoulders/ledger";
import { gitTopLevel } from "../git/head-commit.js";
import { fsError } from "./fs-error.js";
import { compareBytewise, decodedPathProblem } from "./manifest.js";
import { shownPath } from "./shown-path.js";

export type ListedFile = {
  /** Relative to the folder, '/'-separated: the manifest path. */
  path: string;
  /** What to open: the file itself, or the real target of a followed symlink. */
  absolutePath: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  dev: number;
};

/** `path` as shownPath gives it: a name with a line break stays one line in every report. */
export type SkippedEntry = { path: string; reason: string };

export type ListFilesOptions = {
  /** Called with each relative path, of folders too (excluding a folder prunes it); true leaves it out unreported. */
  exclude?: (relativePath: string) => boolean;
  /** Symlinks are followed only when their real target lies inside this folder. Default: the listed folder. */
  symlinkRoot?: string;
  /** false skips every symlink, as git-tracked data must be (git stores a link, never what it points to). Default true. */
  followSymlinks?: boolean;
  /**
   * The project folder the listed folder was named in (a repository): no component of the path from it down may be a
   * link, or a clone holding `data -> ~/.ssh` would have the names and digests of what it points to recorded.
   * Components above it are the user's own machine.
   */
  within?: string;
};

/**
 * Refuses a path that is, or passes through, a symbolic link that lies inside the project: the git work tree `within`
 * is in (a clone is where a hostile `data -> ~/.ssh` arrives), else `within` itself. Paths are compared as the disk
 * has them (realpath), so a project reached through a link (`/tmp` on macOS, a home on a cluster) or named by a
 * logical `$PWD` is still the project. Links outside the project are the user's own machine and are followed.
 * Returns whether every component exists and is a folder.
 */
export function assertNoLinkBelow(within: string, path: string, what: string, advice = "name the folder itself"): boolean {
  const project = realpathOrSelf(gitTopLevel(within) ?? within);
  const target = resolve(within, path);
  let at = parse(target).root;
  for (const component of target
    .slice(at.length)
    .split(sep)
    .filter((part) => part !== "")) {
    const next = join(at, component);
    const stats = lstatSync(next, { throwIfNoEntry: false });
    if (stats === undefined) return false;
    if (stats.isSymbolicLink()) {
      const linkAt = join(realpathOrSelf(at), component);
      if (isInside(project, linkAt)) {
        const shown = shownPath(relative(project, linkAt));
        const named = shownPath(relative(resolve(within), target) || ".");
        const where = next === target ? "is a symbolic link" : `passes through a symbolic link, ${shown}`;
        throw new ShouldersError("UNSAFE_PATH", `${what} ${named} ${where}; ${advice}`);
      }
      at = realpathOrSelf(next);
    } else {
      at = next;
    }
    if (!lstatSync(at).isDirectory()) return false;
  }
  return true;
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function isInside(folder: string, path: string): boolean {
  const below = relative(folder, path);
  return below !== "" && below !== ".." && !below.startsWith(`..${sep}`) && !isAbsolute(below);
}

export function listFiles(dir: string, options: ListFilesOptions = {}): { files: ListedFile[]; skipped: SkippedEntry[] } {
  const root = resolve(dir);
  if (options.within !== undefined) assertNoLinkBelow(options.within, root, "the folder");
  let rootStats: Stats;
  try {
    rootStats = lstatSync(root);
  } catch (error) {
    throw fsError(error, root, "open folder");
  }
  // A folder that is a link (a dataset folder committed as a link to ~ or /etc) would publish the names and digests
  // of whatever it points to; whoever means that folder can name it.
  if (rootStats.isSymbolicLink())
    throw new ShouldersError("UNSAFE_PATH", `${shownPath(root)} is a symbolic link; name the folder it points to instead`);
  if (!rootStats.isDirectory()) throw new ShouldersError("IO_ERROR", `${shownPath(root)} is not a folder`);
  const symlinkRoot = realDir(options.symlinkRoot ?? root);

  const files: ListedFile[] = [];
  const skipped: SkippedEntry[] = [];
  const skip = (path: string, reason: string) => skipped.push({ path: shownPath(path), reason });
  // Iterative, so a deep tree cannot overflow the stack.
  const pending: string[] = [""];
  while (pending.length > 0) {
    const relativeDir = pending.pop()!;
    const absoluteDir = join(root, relativeDir);
    let names: Buffer[];
    try {
      names = readdirSync(absoluteDir, { encoding: "buffer" });
    } catch (error) {
      throw fsError(error, absoluteDir, "read folder");
    }
    for (const raw of names) {
      // Linux names are bytes: one that is not UTF-8 decodes with U+FFFD in it, which decodedPathProblem refuses.
      const path = `${relativeDir === "" ? "" : `${relativeDir}/`}${raw.toString("utf8")}`;
      if (options.exclude?.(path)) continue;
      // Skipped before any stat or hashing; a folder's whole content goes with it.
      const problem = decodedPathProblem(path);
      if (problem !== undefined) {
        skip(path, `the name ${problem}`);
        continue;
      }
      const absolutePath = join(root, path);
      const stats = lstatOrThrow(absolutePath);
      if (stats.isDirectory()) {
        pending.push(path);
      } else if (stats.isFile()) {
        files.push(listed(path, absolutePath, stats));
      } else if (stats.isSymbolicLink()) {
        const outcome = options.followSymlinks === false ? { reason: "a symbolic link" } : followSymlink(absolutePath, symlinkRoot);
        if ("reason" in outcome) skip(path, outcome.reason);
        else files.push(listed(path, outcome.target, outcome.stats));
      } else {
        skip(path, "not a regular file (socket, fifo or device)");
      }
    }
  }
  if (files.length === 0) {
    const why = skipped.length > 0 ? ` (${skipped.length} entries skipped)` : "";
    throw new ShouldersError("EMPTY_FOLDER", `folder ${shownPath(root)} has no files to hash${why}`);
  }
  files.sort((a, b) => compareBytewise(a.path, b.path));
  skipped.sort((a, b) => compareBytewise(a.path, b.path));
  return { files, skipped };
}

function realDir(dir: string): string {
  try {
    return realpathSync(dir);
  } catch (error) {
    throw fsError(error, resolve(dir), "resolve folder");
  }
}

function lstatOrThrow(path: string): Stats {
  try {
    return lstatSync(path);
  } catch (error) {
    throw fsError(error, path, "stat");
  }
}

function listed(path: string, absolutePath: string, stats: Stats): ListedFile {
  // Checked now rather than at hashing time, so that a permission problem stops the run before it has hashed gigabytes.
  try {
    accessSync(absolutePath, constants.R_OK);
  } catch (error) {
    throw fsError(error, absolutePath, "read");
  }
  const { size, mtimeMs, ctimeMs, ino, dev } = stats;
  return { path, absolutePath, size, mtimeMs, ctimeMs, ino, dev };
}

/**
 * A symlink is followed only to a regular file inside `symlinkRoot`: pointing outside would let a dataset's manifest
 * cover (and a recorder read) arbitrary files such as ~/.ssh keys, and not following directory links rules out loops.
 */
function followSymlink(link: string, symlinkRoot: string): { target: string; stats: Stats } | { reason: string } {
  let target: string;
  try {
    target = realpathSync(link);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { reason: "dangling symlink" };
    if (code === "ELOOP") return { reason: "symlink loop" };
    throw fsError(error, link, "resolve symlink");
  }
  if (target !== symlinkRoot && !target.startsWith(symlinkRoot.endsWith(sep) ? symlinkRoot : symlinkRoot + sep)) {
    return { reason: "symlink points outside the folder" };
  }
  let stats: Stats;
  try {
    stats = statSync(target);
  } catch (error) {
    throw fsError(error, target, "stat symlink target");
  }
  if (stats.isDirectory()) return { reason: "symlink to a directory" };
  if (!stats.isFile()) return { reason: "symlink to something that is not a regular file" };
  return { target, stats };
}
