import { randomBytes } from "node:crypto";
import { linkSync, lstatSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { ShouldersError } from "../errors.js";

export type Release = () => void;

type Owner = { pid: number; host: string; token: string };

const STALE_BREAKER_MS = 10_000;
/**
 * Tokens of the locks this process holds. An owner record with our own pid but a token we do not hold was left by an
 * earlier process that had the same pid (a container restarted as pid 1): it is stale, though `kill(pid, 0)` succeeds.
 */
const heldHere = new Set<string>();

/**
 * An exclusive lock between processes on one machine, for the log writer. Node has no flock, so the lock is a file
 * created atomically with link(2): the owner record is complete before the lock exists, so a reader never sees a
 * half-written owner. A lock whose owner process is dead (killed mid-append) is broken, under a second short-lived
 * guard so that two waiters cannot both break it and both think they hold it.
 */
export function acquireLock(path: string, options: { timeoutMs?: number } = {}): Release {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const owner: Owner = { pid: process.pid, host: hostname(), token: randomBytes(8).toString("hex") };
  mkdirSync(dirname(path), { recursive: true });
  const staged = `${path}.${owner.token}`;
  writeFileSync(staged, JSON.stringify(owner));
  const deadline = Date.now() + timeoutMs;
  let wait = 2;
  try {
    for (;;) {
      if (tryLink(staged, path)) break;
      assertNotPlanted(path);
      breakIfStale(path);
      if (Date.now() > deadline) {
        throw new ShouldersError("LOCK_TIMEOUT", `another shoulders process holds ${path}; try again when it is done`);
      }
      sleep(wait + Math.random() * wait);
      wait = Math.min(wait * 2, 50);
    }
  } finally {
    unlinkQuietly(staged);
  }
  heldHere.add(owner.token);
  return () => {
    heldHere.delete(owner.token);
    if (readOwner(path)?.token === owner.token) unlinkQuietly(path);
  };
}

function tryLink(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new ShouldersError("IO_ERROR", `cannot create the lock ${to}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * A lock we or another shoulders process made is a regular file. A symlink, folder or FIFO at its place was planted
 * (the state folder can be committed with git add -f): say so at once rather than wait 60 s and blame a busy process.
 */
function assertNotPlanted(path: string): void {
  try {
    if (lstatSync(path).isFile()) return;
  } catch {
    return; // released meanwhile: try again
  }
  throw new ShouldersError("UNSAFE_PATH", `${path} is not a lock file (a symlink, folder or device); remove it`);
}

function breakIfStale(path: string): void {
  const owner = readOwner(path);
  if (owner === undefined || owner.host !== hostname()) return;
  const alive = owner.pid === process.pid ? heldHere.has(owner.token) : isAlive(owner.pid);
  if (alive) return;
  const guard = `${path}.break`;
  if (!tryCreate(guard)) {
    if (ageMs(guard) > STALE_BREAKER_MS) unlinkQuietly(guard);
    return;
  }
  try {
    // Re-read under the guard: the lock may have been broken and re-taken by a live process since we looked.
    if (readOwner(path)?.token === owner.token) unlinkQuietly(path);
  } finally {
    unlinkQuietly(guard);
  }
}

function readOwner(path: string): Owner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, "utf8")) as Owner;
    return typeof owner.pid === "number" && typeof owner.token === "string" ? owner : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryCreate(path: string): boolean {
  try {
    writeFileSync(path, String(process.pid), { flag: "wx" });
    return true;
  } catch {
    return false;
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to release.
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
