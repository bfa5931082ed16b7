import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { consistencyProof, signCheckpoint, treeHash, verifyCosignatures } from "@shoulders/ledger";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addCheckpoint, TLOG_SIZE, type WitnessConfig } from "./add-checkpoint.js";
import { formatAddCheckpointRequest } from "./add-checkpoint-request.js";
import { leaves, logKey, logSeed, origin, signedHead, witnessKey, witnessSigner } from "./test-log.fixture.js";
import { FileWitnessState } from "./witness-state.js";

const honest = leaves("entry", 40);
const rewritten = [...honest.slice(0, 10), ...leaves("forged", 30)];
const note = signedHead;

function body(log: Uint8Array[], oldSize: number, size: number, seed = logSeed): Uint8Array {
  const proof = oldSize === 0 || oldSize === size ? [] : consistencyProof(log, oldSize, size);
  return Buffer.from(formatAddCheckpointRequest({ oldSize, proof, note: note(log, size, seed) }));
}

let dir: string;
let config: WitnessConfig;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "witness-"));
  config = {
    signer: witnessSigner,
    logs: [{ origin, verifierKeys: [logKey] }],
    state: new FileWitnessState(dir),
    now: () => 1_700_000_000_000,
  };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("add-checkpoint (C2SP tlog-witness)", () => {
  it("cosigns a first checkpoint, then one proven to extend it", () => {
    const first = addCheckpoint(config, body(honest, 0, 10));
    expect(first.status).toBe(200);
    const cosigned = `${note(honest, 10)}${first.body}`;
    expect(verifyCosignatures(cosigned, [witnessKey], { nowSeconds: 1_700_000_000 }).cosignatures).toMatchObject([
      { name: witnessSigner.name, key: witnessKey.text, timestamp: 1_700_000_000 },
    ]);
    expect(addCheckpoint(config, body(honest, 10, 25)).status).toBe(200);
    // The same checkpoint again is fine (idempotent), with an empty proof.
    expect(addCheckpoint(config, body(honest, 25, 25)).status).toBe(200);
    expect(config.state.latest(origin)?.size).toBe(25);
    // Equal sizes take an empty proof (RFC 9162 §2.1.4.1); any other proof does not verify.
    const junk = formatAddCheckpointRequest({ oldSize: 25, proof: [honest[0] as Uint8Array], note: note(honest, 25) });
    expect(addCheckpoint(config, Buffer.from(junk)).status).toBe(422);
  });

  it("answers a stale old size with 409 and the size it holds, as text/x.tlog.size, and never rolls back", () => {
    addCheckpoint(config, body(honest, 0, 20));
    for (const [oldSize, size] of [
      [0, 30],
      [10, 30],
      [10, 15],
    ] as const) {
      const reply = addCheckpoint(config, body(honest, oldSize, size));
      expect(reply).toMatchObject({ status: 409, contentType: TLOG_SIZE, body: "20\n" });
    }
    expect(config.state.latest(origin)?.size).toBe(20);
  });

  it("refuses a rewritten history with 422, for a proof that fails and for another root at the size it cosigned; keeps evidence", () => {
    addCheckpoint(config, body(honest, 0, 20));
    // The key holder rewrote entries 10.. and re-signed; no proof from the witnessed head of 20 can exist.
    const forgedProof = consistencyProof(rewritten, 20, 40);
    const forged = Buffer.from(formatAddCheckpointRequest({ oldSize: 20, proof: forgedProof, note: note(rewritten, 40) }));
    expect(addCheckpoint(config, forged).status).toBe(422);
    // tlog-witness (since C2SP #280): the same size with another root is 422, not a 409 that invites a retry.
    expect(addCheckpoint(config, body(rewritten, 20, 20))).toMatchObject({
      status: 422,
      contentType: expect.not.stringMatching(TLOG_SIZE),
      body: "this witness cosigned another tree of 20 entries\n",
    });
    expect(config.state.latest(origin)?.size).toBe(20);
    const evidence = readdirSync(join(dir, "evidence"));
    expect(evidence).toHaveLength(1);
    expect(readdirSync(join(dir, "evidence", evidence[0] as string))).toHaveLength(2);
  });

  it("answers 422 for a checkpoint of size zero whose root is not the empty tree's", () => {
    // tlog-witness: "A checkpoint of size zero MUST have the root hash of the empty tree [...] Otherwise [...] 422".
    const notEmpty = signCheckpoint({ origin, size: 0, rootHash: treeHash(honest, 1), extensions: [] }, { name: origin, seed: logSeed });
    expect(addCheckpoint(config, Buffer.from(`old 0\n\n${notEmpty}`)).status).toBe(422);
    expect(config.state.latest(origin)).toBeUndefined();
  });

  it("answers 404 for an unknown origin, 403 without the log's signature, 400 for a bad request, 422 for a proof after old 0", () => {
    const otherOrigin = signCheckpoint(
      { origin: "other.example/log", size: 1, rootHash: treeHash(honest, 1), extensions: [] },
      { name: origin, seed: logSeed },
    );
    expect(addCheckpoint(config, Buffer.from(`old 0\n\n${otherOrigin}`)).status).toBe(404);
    expect(addCheckpoint(config, body(honest, 0, 5, new Uint8Array(32).fill(2))).status).toBe(403);
    const proofWithOldZero = formatAddCheckpointRequest({ oldSize: 0, proof: [honest[0] as Uint8Array], note: note(honest, 6) });
    // tlog-witness: "If the proof is not empty when the old size is zero [...] 422 Unprocessable Entity".
    expect(addCheckpoint(config, Buffer.from(proofWithOldZero)).status).toBe(422);
    expect(addCheckpoint(config, body(honest, 0, 5)).status).toBe(200);
    expect(addCheckpoint(config, Buffer.from(`old 9\n\n${note(honest, 5)}`)).status).toBe(400); // old > size
    for (const bad of [
      "",
      "old 5\n",
      "old 05\n\nx",
      "new 5\n\nx",
      "old 5\nnot-base64!\n\nx",
      `old 5\n${"AAAA\n".repeat(64)}\nx`,
      "old 0\n\nno signature",
    ]) {
      expect(addCheckpoint(config, Buffer.from(bad)).status, JSON.stringify(bad)).toBe(400);
    }
    expect(addCheckpoint(config, Buffer.from([0x6f, 0x6c, 0x64, 0x20, 0x30, 0x0a, 0x0a, 0xff])).status).toBe(400);
    expect(existsSync(join(dir, "evidence"))).toBe(false);
  });
});
