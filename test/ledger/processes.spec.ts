import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatSecretKey, layoutOf, parseEnvelope, parseStatement, readLog, verifyLedger } from "@shoulders/ledger";
import { afterEach, describe, expect, it } from "vitest";
import { makeLedger } from "../support/ledger.js";

const WORKER = join(fileURLToPath(import.meta.url), "..", "..", "support", "append-worker.mjs");

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

type Worker = { done: Promise<number | null>; output: () => string; kill: () => void };

function startWorker(args: string[]): Worker {
  const child = spawn(process.execPath, [WORKER, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const done = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { done, output: () => output, kill: () => child.kill("SIGKILL") };
}

/** Subject names per log index, read straight from the log. */
function subjectsByIndex(dir: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const event of readLog(layoutOf(dir))) {
    if (event.kind !== "line") continue;
    names.set(event.index, parseStatement(parseEnvelope(event.bytes, { compact: true }).payloadBytes).subject[0]?.name ?? "");
  }
  return names;
}

describe("several real processes", () => {
  it("8 processes appending at once lose no entry", async () => {
    const { dir, seed, cleanup } = await makeLedger(0);
    cleanups.push(cleanup);
    const key = formatSecretKey(seed);
    const workers = Array.from({ length: 8 }, (_, w) => startWorker([dir, key, `w${w}`, "4", "3"]));
    const codes = await Promise.all(workers.map((worker) => worker.done));
    expect(codes, workers.map((w) => w.output()).join("\n")).toEqual(Array(8).fill(0));
    const result = verifyLedger({ dir, strict: true });
    expect(result.errors).toEqual([]);
    expect(result.treeSize).toBe(8 * 4 * 3);
    const names = subjectsByIndex(dir);
    for (const worker of workers) {
      for (const line of worker.output().trim().split("\n")) {
        const [, index, label] = line.split(" ");
        expect(names.get(Number(index))).toBe(label);
      }
    }
  });

  it("8 CLI processes appending at once", async () => {
    const { dir, seed, cleanup } = await makeLedger(0);
    cleanups.push(cleanup);
    const { writeFileSync } = await import("node:fs");
    const { noteStatement } = await import("../support/ledger.js");
    writeFileSync(join(dir, "s.json"), JSON.stringify(noteStatement("cli")));
    const env = { ...process.env, SHOULDERS_SIGNING_KEY: formatSecretKey(seed) };
    const runs = Array.from(
      { length: 8 },
      () =>
        new Promise<number | null>((resolve) => {
          const child = spawn(
            process.execPath,
            [join(fileURLToPath(import.meta.url), "..", "..", "..", "packages", "cli", "bin", "shoulders.js"), "append", "s.json"],
            { cwd: dir, env, stdio: "ignore" },
          );
          child.on("exit", resolve);
        }),
    );
    expect(await Promise.all(runs)).toEqual(Array(8).fill(0));
    expect(verifyLedger({ dir, strict: true })).toMatchObject({ valid: true, treeSize: 8 });
  });

  it("a writer killed with SIGKILL at random points never corrupts the ledger or loses a reported append", async () => {
    const { dir, seed, cleanup } = await makeLedger(0);
    cleanups.push(cleanup);
    const key = formatSecretKey(seed);
    const reported = new Map<number, string>();
    let interrupted = 0;
    for (let round = 0; round < 6; round++) {
      const worker = startWorker([dir, key, `r${round}`, "100000", "300"]);
      // Kill at a random instant after the first reported append: a loaded machine may take a while to start node.
      for (let waited = 0; !worker.output().includes("ok ") && waited < 30_000; waited += 20)
        await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 400)));
      worker.kill();
      await worker.done;
      for (const line of worker.output().trim().split("\n")) {
        const match = /^ok (\d+) (\S+)$/.exec(line);
        if (match) reported.set(Number(match[1]), match[2] as string);
      }
      if (existsSync(layoutOf(dir).lock) || existsSync(layoutOf(dir).txn)) interrupted++;
      // The next writing command recovers whatever the killed one left.
      const { createKeySigner, openLedger, STATEMENT_TYPE } = await import("@shoulders/ledger");
      await openLedger(dir).append(
        [
          {
            _type: STATEMENT_TYPE,
            subject: [{ name: `after-${round}`, digest: { sha256: "cd".repeat(32) } }],
            predicateType: "https://example.org/note/v1",
          },
        ],
        createKeySigner(seed),
      );
      const result = verifyLedger({ dir, strict: true });
      expect(result.errors, `round ${round}`).toEqual([]);
    }
    const names = subjectsByIndex(dir);
    expect(reported.size).toBeGreaterThan(0);
    // The worker spends most of its time holding the lock, so most kills must land inside an append.
    expect(interrupted).toBeGreaterThan(0);
    for (const [index, name] of reported) expect(names.get(index)).toBe(name);
  });
});
