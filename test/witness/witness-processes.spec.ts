import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { FileWitnessState } from "@shoulders/witness";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/cli.js";
import { tempDir } from "../support/ledger.js";

const state = tempDir("shoulders-witness-shared-");
afterAll(() => state.cleanup());

function worker(sizes: number[]): Promise<[number, number][]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, "test", "support", "witness-worker.mjs"), state.dir, "9", sizes.join(",")], {
      cwd: join(REPO_ROOT, "test"),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(stderr))));
  });
}

describe("a witness's state shared by several processes", () => {
  it("never rolls back: four processes cosigning interleaved heads leave the largest one, and no false fork", async () => {
    // Each process climbs its own sequence of sizes; together they race on every step.
    const sequences = [0, 1, 2, 3].map((offset) => Array.from({ length: 40 }, (_, i) => 1 + offset + 4 * i));
    const steps = (await Promise.all(sequences.map(worker))).flat();
    // Not vacuous: the heads climbed all the way. How many steps each process won depends on the scheduler (one
    // that runs ahead wins them all), so only the union is asserted, never a count.
    expect(Math.max(...steps.map(([, to]) => to))).toBe(160);
    // One linear history: every cosigned step starts where another ended, and no head is extended twice. Two steps
    // from one size would mean the second overwrote the first: a rollback.
    const froms = steps.map(([from]) => from);
    expect(new Set(froms).size).toBe(froms.length);
    const tos = new Set(steps.map(([, to]) => to));
    expect(froms.filter((from) => from !== 0 && !tos.has(from))).toEqual([]);
    const largest = Math.max(...tos);
    expect(new FileWitnessState(state.dir).latest("github.com/acme/sentiment/attribution")?.size).toBe(largest);
    // Every refusal was a stale old size (409 with the held size), never a fork or a failed proof.
    expect(existsSync(join(state.dir, "evidence"))).toBe(false);
  });
});
