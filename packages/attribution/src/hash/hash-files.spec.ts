import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HashableFile, hashFiles, hashWorkerUrl, planHashing } from "./hash-files.js";
import { listFiles } from "./list-files.js";

const MiB = 1024 * 1024;
const scratch = realpathSync(mkdtempSync(join(tmpdir(), "shoulders-hash-")));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Sizes that cross the 8 MiB read buffer and the 32 MiB progress step, plus empty and one-byte files. */
const SIZES: Record<string, number> = {
  "empty.txt": 0,
  "one.txt": 1,
  "shards/model-00001.safetensors": 20 * MiB,
  "shards/model-00002.safetensors": 8 * MiB,
  "shards/model-00003.safetensors": 8 * MiB + 1,
  "shards/tail.bin": 3 * MiB + 7,
  "données/é.jsonl": 4096,
  "a/b/c/d.bin": 70_000,
};
let dir: string;
let files: HashableFile[];

beforeAll(() => {
  dir = join(scratch, "data");
  for (const [path, size] of Object.entries(SIZES)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), randomBytes(size));
  }
  files = listFiles(dir).files;
});

/** openssl is an implementation we did not write: `-r` prints `<hex> *<file>`. */
function openssl(paths: string[]): string[] {
  const out = execFileSync("openssl", ["dgst", "-sha256", "-r", ...paths], { encoding: "utf8" });
  return out
    .trimEnd()
    .split("\n")
    .map((line) => line.slice(0, 64));
}

describe("hashFiles", () => {
  it("agrees with `openssl dgst -sha256`, in workers and in process", async () => {
    const expected = openssl(files.map((f) => f.absolutePath));
    const inWorkers = await hashFiles(files, { threads: 2, inProcessBelow: 0 });
    const inProcess = await hashFiles(files, { inProcessBelow: Number.POSITIVE_INFINITY });
    expect(inWorkers.map((f) => f.sha256)).toEqual(expected);
    expect(inProcess).toEqual(inWorkers);
    expect(inWorkers.map((f) => [f.path, f.size])).toEqual(files.map((f) => [f.path, f.size]));
    expect(inWorkers.find((f) => f.size === 0)?.sha256).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("plans workers only when they pay off", () => {
    const fake = (...sizes: number[]) => sizes.map((size, i) => ({ path: `f${i}`, absolutePath: `/f${i}`, size }));
    expect(planHashing(fake(MiB, MiB), { threads: 4 })).toBe(0);
    expect(planHashing(fake(), { threads: 4, inProcessBelow: 0 })).toBe(0);
    expect(planHashing(fake(10 * MiB), { threads: 4 })).toBe(1);
    expect(planHashing(fake(5 * MiB, 5 * MiB, 5 * MiB), { threads: 2 })).toBe(2);
    expect(planHashing(fake(5 * MiB, 5 * MiB), {})).toBeGreaterThanOrEqual(1);
    expect(() => planHashing(fake(1), { threads: 0 })).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
    expect(() => planHashing(fake(1), { threads: 1.5 })).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
  });

  it.each([
    ["workers", { threads: 2, inProcessBelow: 0 }],
    ["in process", { inProcessBelow: Number.POSITIVE_INFINITY }],
  ])("reports progress in bytes, rising and ending at the total (%s)", async (_, options) => {
    const calls: [number, number][] = [];
    await hashFiles(files, { ...options, onProgress: (done, total) => calls.push([done, total]) });
    const total = Object.values(SIZES).reduce((a, b) => a + b, 0);
    expect(calls.at(-1)).toEqual([total, total]);
    expect(calls.every(([, t]) => t === total)).toBe(true);
    expect(calls.every(([done], i) => i === 0 || done >= calls[i - 1]![0])).toBe(true);
  });

  it.each([
    ["workers", { threads: 2, inProcessBelow: 0 }],
    ["in process", { inProcessBelow: Number.POSITIVE_INFINITY }],
  ])("refuses a file that vanished, changed size or is a directory, with UNREADABLE_FILE naming it (%s)", async (_, options) => {
    const victim = join(scratch, "victim.bin");
    writeFileSync(victim, randomBytes(10 * MiB));
    const withVictim = (size: number, absolutePath = victim) => [...files, { path: "victim.bin", absolutePath, size }];
    const refused = expect.objectContaining({ code: "UNREADABLE_FILE", message: expect.stringContaining("victim.bin") });
    await expect(hashFiles(withVictim(10 * MiB + 1), options)).rejects.toThrow(refused);
    truncateSync(victim, MiB);
    await expect(hashFiles(withVictim(10 * MiB), options)).rejects.toThrow(refused);
    unlinkSync(victim);
    await expect(hashFiles(withVictim(10 * MiB), options)).rejects.toThrow(refused);
    await expect(hashFiles(withVictim(4096, scratch), options)).rejects.toThrow(refused);
  });

  it("stops the workers when aborted", async () => {
    const controller = new AbortController();
    const hashing = hashFiles(files, {
      threads: 2,
      inProcessBelow: 0,
      signal: controller.signal,
      onProgress: () => controller.abort(new Error("stop")),
    });
    await expect(hashing).rejects.toThrow("stop");
    await expect(hashFiles(files, { signal: AbortSignal.abort(new Error("early")) })).rejects.toThrow("early");
  });

  it("finds the built worker from the TypeScript sources", () => {
    expect(fileURLToPath(hashWorkerUrl())).toMatch(/dist\/hash\/hash-worker\.js$/);
    expect(existsSync(hashWorkerUrl())).toBe(true);
  });

  // The package as users get it: the built dist, loaded by plain node from /work/main/test. The child must also exit
  // on its own after success and after an error, which it cannot if a worker thread leaks.
  it("works from the built package in a plain node process, which then exits", async () => {
    const testDir = fileURLToPath(new URL("../../../../test/", import.meta.url));
    const script = `
      const hash = await import("@shoulders/attribution");
      const { files } = hash.listFiles(${JSON.stringify(dir)});
      const entries = await hash.hashFiles(files, { threads: 2, inProcessBelow: 0 });
      const failed = await hash.hashFiles([...files, { path: "gone", absolutePath: "/nonexistent/gone", size: 9 * 2 ** 20 }], { threads: 2, inProcessBelow: 0 }).catch((e) => e.code);
      console.log(JSON.stringify({ entries, failed }));`;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: testDir, encoding: "utf8", timeout: 30_000 });
    expect(child.error).toBeUndefined();
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    const { entries, failed } = JSON.parse(child.stdout);
    expect(entries).toEqual(await hashFiles(files, { inProcessBelow: Number.POSITIVE_INFINITY }));
    expect(failed).toBe("UNREADABLE_FILE");
  });
});
