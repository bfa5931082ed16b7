// `node test/bench/extract-bench.mjs` (after `npx tsc -b`): reading a pull request's `.attribution/` files out of git
// (extractTree, which streams `git cat-file --batch`) must be linear in the blob size. A 64 MiB blob against an
// 8 MiB one, best of alternating rounds, in the same run: appending each chunk to a buffer of everything before it
// once made 8 times the bytes cost about 64 times the time (20 s for 64 MiB). Target: at most 12x (8x, plus the fixed
// cost of starting git, which weighs more on the small blob).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { extractTree } from "@shoulders/github";

const MiB = 1024 * 1024;
const env = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
const scratch = mkdtempSync(join(tmpdir(), "shoulders-extract-bench-"));
const git = (...args) => execFileSync("git", args, { cwd: scratch, env, encoding: "utf8" }).trim();

try {
  // A pattern, not random bytes: git inflates it quickly, so the time measured is ours, not zlib's.
  const blob = (size) => Buffer.alloc(size, "0123456789abcdef\n");
  for (const [folder, size] of [
    ["small", 8 * MiB],
    ["large", 64 * MiB],
  ]) {
    mkdirSync(join(scratch, folder));
    writeFileSync(join(scratch, folder, "blob.bin"), blob(size));
  }
  git("init", "-q");
  git("add", "--all");
  git("-c", "user.name=Ann", "-c", "user.email=ann@example.org", "commit", "-q", "-m", "blobs");
  const head = git("rev-parse", "HEAD");
  let counter = 0;
  const extract = async (folder) => {
    const dest = join(scratch, `out-${counter++}`);
    const started = performance.now();
    await extractTree({ repoDir: scratch, treeish: head, paths: [folder], dest });
    const elapsed = performance.now() - started;
    rmSync(dest, { recursive: true });
    return elapsed;
  };
  const best = { small: Number.POSITIVE_INFINITY, large: Number.POSITIVE_INFINITY };
  for (let round = 0; round < 5; round++) {
    for (const folder of ["small", "large"]) best[folder] = Math.min(best[folder], await extract(folder));
  }
  const ratio = best.large / best.small;
  console.log(`extract 8 MiB: ${best.small.toFixed(0)} ms; 64 MiB: ${best.large.toFixed(0)} ms (best of 5 alternating rounds)`);
  console.log(`${ratio <= 12 ? "PASS" : "MISS"}  8x the bytes: ${ratio.toFixed(2)}x the time (target ≤ 12x)`);
  process.exitCode = ratio <= 12 ? 0 : 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
