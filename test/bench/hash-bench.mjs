// The hasher's targets (for docs/performance.md): hashing 4 × 256 MiB with hashDirectory against one
// `openssl dgst -sha256` process hashing the same files one after another (the same SHA-256 code, on one core), and
// the peak memory of hashing, which must not grow with file size. Medians of alternating rounds, as in run.mjs,
// because these machines are shared and noisy.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashDirectory } from "@shoulders/attribution";

const MiB = 1024 * 1024;
const FILES = 4;
const FILE_MIB = 256;
const ROUNDS = 3;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function now() {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** 256 MiB per file, fast: one 16 MiB random block written over and over, each copy with its own prefix. */
function writeFixtures(dir) {
  const block = randomBytes(16 * MiB);
  const paths = [];
  for (let f = 0; f < FILES; f++) {
    const path = join(dir, `model-0000${f + 1}-of-0000${FILES}.safetensors`);
    const fd = openSync(path, "w");
    for (let i = 0; i < FILE_MIB / 16; i++) {
      block.writeUInt32BE(f, 0);
      block.writeUInt32BE(i, 4);
      writeSync(fd, block);
    }
    closeSync(fd);
    paths.push(path);
  }
  return paths;
}

function opensslDigests(paths) {
  const out = execFileSync("openssl", ["dgst", "-sha256", "-r", ...paths], { encoding: "utf8" });
  return out
    .trimEnd()
    .split("\n")
    .map((line) => line.slice(0, 64));
}

let failed = false;
function report(pass, line) {
  failed ||= !pass;
  console.log(`${pass ? "PASS" : "MISS"}  ${line}`);
}

const dir = mkdtempSync(join(tmpdir(), "shoulders-hash-bench-"));
try {
  const paths = writeFixtures(dir);
  // One untimed round of each, so both start with the files in the page cache and the code warm.
  const expected = opensslDigests(paths);
  await hashDirectory(dir);

  const opensslTimes = [];
  const hashTimes = [];
  for (let round = 0; round < ROUNDS; round++) {
    let start = now();
    opensslDigests(paths);
    opensslTimes.push(now() - start);
    start = now();
    const result = await hashDirectory(dir);
    hashTimes.push(now() - start);
    const got = result.files.map((file) => file.sha256);
    if (got.join() !== expected.join()) throw new Error(`hashDirectory disagrees with openssl: ${got} vs ${expected}`);
  }
  const ours = median(hashTimes);
  const baseline = median(opensslTimes);
  const ratio = ours / baseline;
  report(
    ratio <= 0.75,
    `hash ${FILES} × ${FILE_MIB} MiB: ${ours.toFixed(1)} ms / openssl dgst: ${baseline.toFixed(1)} ms = ${ratio.toFixed(3)} x (target ≤ 0.75x)`,
  );

  // Peak memory, in a fresh process so that nothing else this script allocated counts. maxRSS covers the workers too.
  const script = `const { hashDirectory } = await import("@shoulders/attribution");
const result = await hashDirectory(${JSON.stringify(dir)});
console.log(JSON.stringify({ digest: result.digest, maxRssKiB: process.resourceUsage().maxRSS }));`;
  const child = JSON.parse(
    execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: import.meta.dirname, encoding: "utf8" }),
  );
  const peakMB = (child.maxRssKiB * 1024) / 1e6;
  report(peakMB < 300, `peak memory while hashing: ${peakMB.toFixed(0)} MB (target < 300 MB)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
