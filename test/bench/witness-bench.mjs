// A witness must cost little beyond the work the protocol requires and the transport. Target: cosigning over HTTP
// (node:http, the real client) within 1.2x of the floor, measured in the same run. The floor is the required work
// done in-process (addCheckpoint: verify the log's signature and the consistency proof, persist the head durably,
// sign; then the client's check of the cosignature) plus as many bare round trips of the same size to a node:http
// server that only answers. Each request proves one step of honest growth from the head the witness holds.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  consistencyProof,
  formatVerifierKey,
  leafHash,
  parseVerifierKey,
  publicKeyFromSecret,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  signCheckpoint,
  treeHash,
  verifyCosignatures,
} from "@shoulders/ledger";
import { addCheckpoint, createWitnessServer, FileWitnessState, formatAddCheckpointRequest, requestCosignature } from "@shoulders/witness";

const ROUNDS = process.argv.includes("--quick") ? 60 : 400;
const TARGET = 1.2;
const origin = "github.com/acme/sentiment/attribution";
const logSeed = new Uint8Array(32).fill(1);
const logs = [{ origin, verifierKeys: [parseVerifierKey(formatVerifierKey(origin, publicKeyFromSecret(logSeed)))] }];
const signer = { name: "witness.example/bench", seed: new Uint8Array(32).fill(2) };
const verifierKey = formatVerifierKey(signer.name, publicKeyFromSecret(signer.seed), SIGNATURE_TYPE_COSIGNATURE_V1);
const key = parseVerifierKey(verifierKey, SIGNATURE_TYPE_COSIGNATURE_V1);

// One honest log, and the signed head at every size, prepared before the clock starts.
const leaves = Array.from({ length: ROUNDS + 1 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
const notes = leaves.map((_, i) =>
  signCheckpoint({ origin, size: i + 1, rootHash: treeHash(leaves, i + 1), extensions: [] }, { name: origin, seed: logSeed }),
);
const proofs = leaves.map((_, i) => (i === 0 ? [] : consistencyProof(leaves, i, i + 1)));
const body = (i) => Buffer.from(formatAddCheckpointRequest({ oldSize: i, proof: proofs[i], note: notes[i] }));

const root = mkdtempSync(join(tmpdir(), "shoulders-witness-bench-"));
try {
  const inProcess = () => {
    const state = new FileWitnessState(mkdtempSync(join(root, "direct-")));
    const start = process.hrtime.bigint();
    for (let i = 0; i <= ROUNDS; i++) {
      const reply = addCheckpoint({ signer, logs, state }, body(i));
      if (reply.status !== 200) throw new Error(`in-process request ${i} was refused`);
      if (verifyCosignatures(`${notes[i]}${reply.body}`, [key]).cosignatures.length !== 1) throw new Error("no cosignature");
    }
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const overHttp = async () => {
    const server = createWitnessServer({ signer, verifierKey, logs, state: new FileWitnessState(mkdtempSync(join(root, "http-"))) });
    await new Promise((done) => server.listen(0, "127.0.0.1", done));
    const url = `http://127.0.0.1:${server.address().port}`;
    const start = process.hrtime.bigint();
    for (let i = 0; i <= ROUNDS; i++) {
      await requestCosignature({ fetch, url, key, note: notes[i], size: i + 1, oldSize: i, proofFrom: () => proofs[i] });
    }
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    await new Promise((done) => server.close(done));
    return elapsed;
  };
  const bareRoundTrips = async () => {
    const server = createServer((request, response) => {
      request.resume();
      request.on("end", () => response.writeHead(200, { "Content-Type": "text/plain" }).end(`— ${signer.name} ${"A".repeat(100)}\n`));
    });
    await new Promise((done) => server.listen(0, "127.0.0.1", done));
    const url = `http://127.0.0.1:${server.address().port}/add-checkpoint`;
    const start = process.hrtime.bigint();
    for (let i = 0; i <= ROUNDS; i++) await (await fetch(url, { method: "POST", body: body(i) })).text();
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    await new Promise((done) => server.close(done));
    return elapsed;
  };
  // Alternate, five times each, and compare medians: the machine is shared and noisy.
  const floor = [];
  const http = [];
  for (let round = 0; round < 5; round++) {
    floor.push(inProcess() + (await bareRoundTrips()));
    http.push(await overHttp());
  }
  const median = (values) => [...values].sort((a, b) => a - b)[2];
  const ratio = median(http) / median(floor);
  const perRequest = median(http) / (ROUNDS + 1);
  console.log(
    `${ratio <= TARGET ? "PASS" : "MISS"}  witness over HTTP: ${median(http).toFixed(0)} ms for ${ROUNDS + 1} cosignatures (${perRequest.toFixed(2)} ms each) / floor (in-process decisions + bare round trips): ${median(floor).toFixed(0)} ms = ${ratio.toFixed(2)}x (target ≤ ${TARGET}x)`,
  );
  if (ratio > TARGET) process.exitCode = 1;
} finally {
  rmSync(root, { recursive: true, force: true });
}
