// One of several processes sharing a witness's state folder: it asks the witness (in-process, addCheckpoint) to
// cosign growing heads of one honest log, and prints each step it got cosigned as [from size, to size]. Reading the state is made slow on
// purpose, so that without the state's lock two processes would interleave between reading and saving.
import {
  consistencyProof,
  formatVerifierKey,
  leafHash,
  parseVerifierKey,
  publicKeyFromSecret,
  signCheckpoint,
  treeHash,
} from "@shoulders/ledger";
import { addCheckpoint, FileWitnessState, formatAddCheckpointRequest } from "@shoulders/witness";

const [stateDir, seedText, sizesText] = process.argv.slice(2);
const origin = "github.com/acme/sentiment/attribution";
const logSeed = new Uint8Array(32).fill(1);
const logs = [{ origin, verifierKeys: [parseVerifierKey(formatVerifierKey(origin, publicKeyFromSecret(logSeed)))] }];
const signer = { name: "witness.example/w", seed: new Uint8Array(32).fill(Number(seedText)) };
const leaves = Array.from({ length: 200 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
const note = (size) => signCheckpoint({ origin, size, rootHash: treeHash(leaves, size), extensions: [] }, { name: origin, seed: logSeed });

class SlowState extends FileWitnessState {
  latest(origin) {
    const head = super.latest(origin);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3);
    return head;
  }
}
const state = new SlowState(stateDir);
const cosigned = [];
for (const size of sizesText.split(",").map(Number)) {
  // Ask with old 0 to learn what the witness holds (409), then prove the step from there.
  let from = 0;
  let reply = addCheckpoint({ signer, logs, state }, Buffer.from(formatAddCheckpointRequest({ oldSize: 0, proof: [], note: note(size) })));
  if (reply.status === 409) {
    from = Number(reply.body);
    if (from >= size) continue;
    const proof = consistencyProof(leaves, from, size);
    reply = addCheckpoint({ signer, logs, state }, Buffer.from(formatAddCheckpointRequest({ oldSize: from, proof, note: note(size) })));
  }
  if (reply.status === 200) cosigned.push([from, size]);
  else if (reply.status !== 409) throw new Error(`unexpected ${reply.status}: ${reply.body}`);
}
process.stdout.write(JSON.stringify(cosigned));
