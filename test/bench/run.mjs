// `pnpm bench`: the performance targets of docs/performance.md, each measured as a ratio against a baseline taken in
// the same run, because these machines are shared and noisy. Medians of alternating repetitions.
import { createPublicKey, verify } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createKeySigner, fromBase64, IN_TOTO_PAYLOAD_TYPE, leafHash, openLedger, pae, treeHash, verifyLedger } from "@shoulders/ledger";
import { benchStatement, buildLedger } from "./fixtures.mjs";

const SPKI_ED25519_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
const quick = process.argv.includes("--quick");
const results = [];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function timeAsync(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function report(name, baselineName, value, baseline, target) {
  const ratio = value / baseline;
  results.push({ name, baselineName, value, baseline, ratio, target, pass: ratio <= target });
  console.log(
    `${ratio <= target ? "PASS" : "MISS"}  ${name}: ${value.toFixed(1)} ms / ${baselineName}: ${baseline.toFixed(1)} ms = ${ratio.toFixed(3)}x (target ≤ ${target}x)`,
  );
}

const root = mkdtempSync(join(tmpdir(), "shoulders-bench-"));
try {
  // 1 and 2: verifying a 20,000-entry ledger.
  const entries = quick ? 2000 : 20_000;
  const dir = join(root, "verify");
  const trustedSize = entries - 100;
  const { signer, lines, trustedCheckpoint } = await buildLedger(dir, entries, { checkpointAt: trustedSize });
  const publicKey = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, signer.publicKey]), format: "der", type: "spki" });
  const decoded = lines.map((line) => {
    const envelope = JSON.parse(line);
    return {
      message: pae(IN_TOTO_PAYLOAD_TYPE, fromBase64(envelope.payload)),
      sig: fromBase64(envelope.signatures[0].sig),
      bytes: Buffer.from(line),
    };
  });
  // The floor: node:crypto checks every signature, and the Merkle tree is hashed. No I/O, no parsing.
  const floor = () => {
    for (const entry of decoded) if (!verify(null, entry.message, publicKey, entry.sig)) throw new Error("bad fixture");
    treeHash(decoded.map((entry) => leafHash(entry.bytes)));
  };

  const floorTimes = [];
  const fullTimes = [];
  const incrementalTimes = [];
  for (let round = 0; round < (quick ? 3 : 5); round++) {
    floorTimes.push(time(floor));
    fullTimes.push(
      time(() => {
        if (!verifyLedger({ dir }).valid) throw new Error("the benchmark ledger does not verify");
      }),
    );
    incrementalTimes.push(
      time(() => {
        const result = verifyLedger({ dir, trustedCheckpoint });
        if (!result.valid || result.extends?.size !== trustedSize) throw new Error("the incremental verify failed");
      }),
    );
  }
  report(`full verify of ${entries} entries`, "floor (node:crypto verify + Merkle)", median(fullTimes), median(floorTimes), 1.5);
  report(`verify after a trusted checkpoint at ${trustedSize}`, "full verify", median(incrementalTimes), median(fullTimes), 0.35);

  // 3: appending one entry to a 100,000-entry ledger, against a 10-entry one.
  const bigDir = join(root, "big");
  const smallDir = join(root, "small");
  const big = await buildLedger(bigDir, quick ? 20_000 : 100_000, { chunk: 20_000 });
  const small = await buildLedger(smallDir, 10);
  const bigTimes = [];
  const smallTimes = [];
  for (let round = 0; round < (quick ? 10 : 40); round++) {
    bigTimes.push(await timeAsync(() => openLedger(bigDir).append([benchStatement(round)], createKeySigner(big.seed))));
    smallTimes.push(await timeAsync(() => openLedger(smallDir).append([benchStatement(round)], createKeySigner(small.seed))));
  }
  report(
    `append to a ${quick ? "20,000" : "100,000"}-entry ledger`,
    "append to a 10-entry ledger",
    median(bigTimes),
    median(smallTimes),
    1.3,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}

const failed = results.filter((result) => !result.pass);
console.log(failed.length === 0 ? "\nAll targets met." : `\n${failed.length} target(s) missed.`);
process.exitCode = failed.length === 0 ? 0 : 1;
