// Record-level digests and the record root (issue 13, "Performance"): for a 1,000,000-line JSONL dataset of about
// 500 MB, digesting every record (recordDigester, through readRecordDigests), keeping the distinct ones in order and
// computing their RFC 9162 root, against hashing the same file with the project's hasher (hashFiles: one SHA-256 over
// the bytes). Target: at most 1.5x, in bounded memory. Medians of alternating rounds, as in run.mjs; peak memory in a
// fresh process. Run after `npx tsc -b`.
import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashFiles, readRecordDigests, recordTreeRoot, sortedDistinctDigests } from "@shoulders/attribution";

const LINES = 1_000_000;
const ROUNDS = 3;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

/** ~475 bytes a line, every line distinct, written 10,000 lines at a time. */
function writeDataset(path) {
  const fd = openSync(path, "w");
  const pad = "lorem ipsum dolor sit amet ".repeat(16);
  for (let start = 0; start < LINES; start += 10_000) {
    let chunk = "";
    for (let i = start; i < start + 10_000; i++) chunk += `{"id":${i},"text":"review ${i}: ${pad}","label":${i % 2}}\n`;
    writeSync(fd, chunk);
  }
  closeSync(fd);
}

const dir = mkdtempSync(join(tmpdir(), "shoulders-records-bench-"));
let failed = false;
try {
  const path = join(dir, "reviews.jsonl");
  writeDataset(path);
  const file = { path: "reviews.jsonl", absolutePath: path, size: statSync(path).size };
  const records = () => {
    const distinct = sortedDistinctDigests(readRecordDigests(path, "reviews.jsonl"));
    recordTreeRoot(distinct);
    return distinct.length / 32;
  };
  // One untimed round of each: the file in the page cache, the code warm.
  await hashFiles([file]);
  if (records() !== LINES) throw new Error("the bench dataset's lines are not all distinct records");

  const hashTimes = [];
  const recordTimes = [];
  for (let round = 0; round < ROUNDS; round++) {
    let start = now();
    await hashFiles([file]);
    hashTimes.push(now() - start);
    start = now();
    records();
    recordTimes.push(now() - start);
  }
  const ratio = median(recordTimes) / median(hashTimes);
  failed ||= ratio > 1.5;
  console.log(
    `${ratio <= 1.5 ? "PASS" : "MISS"}  record digests + root of ${LINES.toLocaleString("en")} lines (${(file.size / 1e6).toFixed(0)} MB): ${median(recordTimes).toFixed(0)} ms / hashFiles: ${median(hashTimes).toFixed(0)} ms = ${ratio.toFixed(2)}x (target ≤ 1.5x)`,
  );

  // Peak memory, in a fresh process: the digests (32 bytes a record) and their order, never the file.
  const script = `const a = await import("@shoulders/attribution");
const distinct = a.sortedDistinctDigests(a.readRecordDigests(${JSON.stringify(path)}, "reviews.jsonl"));
a.recordTreeRoot(distinct);
console.log(JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));`;
  const child = JSON.parse(
    execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: import.meta.dirname, encoding: "utf8" }),
  );
  const peakMB = (child.maxRssKiB * 1024) / 1e6;
  failed ||= peakMB >= 300;
  console.log(
    `${peakMB < 300 ? "PASS" : "MISS"}  peak memory for the records of a ${(file.size / 1e6).toFixed(0)} MB file: ${peakMB.toFixed(0)} MB (target < 300 MB)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
