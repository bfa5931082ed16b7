import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireLock } from "./lock.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const lockPath = () => {
  const dir = mkdtempSync(join(tmpdir(), "lock-"));
  dirs.push(dir);
  return join(dir, "lock");
};

describe("acquireLock", () => {
  it("breaks a lock left by an earlier process that had our pid (a container restarted as pid 1)", () => {
    const path = lockPath();
    writeFileSync(path, JSON.stringify({ pid: process.pid, host: hostname(), token: "left-by-a-previous-run" }));
    const started = Date.now();
    const release = acquireLock(path, { timeoutMs: 2_000 });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(JSON.parse(readFileSync(path, "utf8")).token).not.toBe("left-by-a-previous-run");
    release();
  });

  it("never breaks a lock this process holds: a second acquisition waits, then times out", () => {
    const path = lockPath();
    const release = acquireLock(path);
    expect(() => acquireLock(path, { timeoutMs: 200 })).toThrow(expect.objectContaining({ code: "LOCK_TIMEOUT" }));
    release();
    acquireLock(path, { timeoutMs: 200 })();
  });
});
