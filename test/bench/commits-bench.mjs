// `node test/bench/commits-bench.mjs [--quick]` (after `npx tsc -b`): readCommits over a 100,000-commit history,
// against `git log` alone with the same arguments, because the machines are shared and noisy and only the ratio
// says what our parsing costs. Medians of alternating repetitions.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readCommits } from "@shoulders/attribution";

const quick = process.argv.includes("--quick");
const COMMITS = quick ? 10_000 : 100_000;
const ROUNDS = quick ? 3 : 5;
const AUTHORS = ["Ann <ann@example.org>", "Ben <41898282+ben[bot]@users.noreply.github.com>", 'Zoë "Z" | ops <zoe@example.org>'];
const env = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** A linear history, each commit by one of a few authors and touching one small file, made by one fast-import. */
function buildRepo(dir, count) {
  spawnSync("git", ["init", "-q", dir], { env });
  const parts = [];
  for (let i = 1; i <= count; i++) {
    const who = AUTHORS[i % AUTHORS.length];
    const message = i % 10 === 0 ? `change ${i}\n\nCo-authored-by: Cy <cy@example.org>\n` : `change ${i}\n`;
    const content = `line ${i}\n`;
    parts.push(
      `commit refs/heads/main\nmark :${i}\nauthor ${who} ${1_700_000_000 + i} +0000\ncommitter ${who} ${1_700_000_000 + i} +0000\n`,
      `data ${Buffer.byteLength(message)}\n${message}`,
      i > 1 ? `from :${i - 1}\n` : "",
      `M 644 inline dir-${i % 100}/file-${i % 1000}.txt\ndata ${Buffer.byteLength(content)}\n${content}\n`,
    );
  }
  const result = spawnSync("git", ["fast-import", "--quiet"], { cwd: dir, env, input: parts.join(""), maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`fast-import failed: ${result.stderr}`);
  spawnSync("git", ["symbolic-ref", "HEAD", "refs/heads/main"], { cwd: dir, env });
}

async function timeReadCommits(dir) {
  const start = process.hrtime.bigint();
  let count = 0;
  for await (const _ of readCommits(dir)) count++;
  return { count, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

/** The floor: the git log that readCommits runs, its output read and thrown away. */
function timeGitLog(dir, args) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn("git", args, { cwd: dir, env: LOG_ENV, stdio: ["ignore", "pipe", "pipe"] });
    let bytes = 0;
    child.stdout.on("data", (chunk) => {
      bytes += chunk.length;
    });
    child.on("error", reject);
    child.on("close", (status) =>
      status === 0 ? resolve({ bytes, ms: Number(process.hrtime.bigint() - start) / 1e6 }) : reject(new Error(`git log exited ${status}`)),
    );
  });
}

// The same arguments and environment readCommits passes (read-commits.ts, run-git.ts), so the ratio is our parsing
// and nothing else.
const LOG_ENV = { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C", GIT_PAGER: "cat", PAGER: "cat", GIT_NO_REPLACE_OBJECTS: "1" };
const FORMAT = `%x1e${["%H", "%P", "%an", "%ae", "%at", "%cn", "%ce", "%ct", "%s", "%(trailers:key=Co-authored-by,valueonly,unfold,separator=%x1f)", "%(trailers:key=Signed-off-by,valueonly,unfold,separator=%x1f)"].join("%x00")}`;
const LOG_ARGS = [
  "--no-pager",
  "log",
  "-z",
  "--reverse",
  "--topo-order",
  "--no-color",
  "--encoding=UTF-8",
  "--no-show-signature",
  "--no-textconv",
  "--no-ext-diff",
  "--root",
  "--diff-merges=off",
  "-M",
  "--numstat",
  `--format=${FORMAT}`,
  "--end-of-options",
  "HEAD",
  "--",
];

const root = mkdtempSync(join(tmpdir(), "shoulders-commits-bench-"));
try {
  const buildStart = Date.now();
  buildRepo(root, COMMITS);
  console.log(`built a ${COMMITS}-commit repository with git fast-import in ${Date.now() - buildStart} ms`);
  const ours = [];
  const floor = [];
  let read = 0;
  let bytes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const a = await timeReadCommits(root);
    const b = await timeGitLog(root, LOG_ARGS);
    read = a.count;
    bytes = b.bytes;
    ours.push(a.ms);
    floor.push(b.ms);
  }
  if (read !== COMMITS) throw new Error(`read ${read} commits, expected ${COMMITS}`);
  console.log(`commits read: ${read} in ${median(ours).toFixed(0)} ms`);
  console.log(`git log --numstat alone: ${COMMITS} commits (${(bytes / 1e6).toFixed(1)} MB) in ${median(floor).toFixed(0)} ms`);
  console.log(`ratio: ${(median(ours) / median(floor)).toFixed(2)}x (median of ${ROUNDS} alternating rounds)`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
