// Builds benchmark ledgers quickly. Entries are signed with node:crypto's Ed25519, which is deterministic (RFC 8032)
// and gives the same bytes noble does, so these ledgers are exactly what `shoulders append` would write.
import { createPrivateKey, sign } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import {
  bindStatement,
  createKeySigner,
  encodeStatement,
  generateSecretKey,
  IN_TOTO_PAYLOAD_TYPE,
  initLedger,
  keyIdOf,
  layoutOf,
  openLedger,
  pae,
  publicKeyFromSecret,
  STATEMENT_TYPE,
  serializeEnvelope,
  toBase64,
} from "@shoulders/ledger";

export const BENCH_ORIGIN = "github.com/acme/bench/attribution";
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export function fastSigner(seed) {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: "der", type: "pkcs8" });
  const publicKey = publicKeyFromSecret(seed);
  return { keyid: keyIdOf(publicKey), publicKey, sign: (message) => new Uint8Array(sign(null, message, privateKey)) };
}

/** A realistic entry: a dataset-version-like statement of about 1 KB. */
export function benchStatement(i) {
  return {
    _type: STATEMENT_TYPE,
    subject: [
      { name: "manifest", digest: { sha256: i.toString(16).padStart(64, "0") } },
      { name: `data/part-${i}.jsonl`, digest: { sha256: (i * 7919).toString(16).padStart(64, "a") } },
    ],
    predicateType: "https://shoulders.dev/attribution/bench/v1",
    predicate: {
      id: `acme/reviews`,
      version: `v${i}`,
      contributors: [{ identity: "github:alice", records: i % 1000 }],
      note: "x".repeat(400),
    },
  };
}

export function signedLine(signer, statement) {
  const payload = encodeStatement(statement);
  const sig = signer.sign(pae(IN_TOTO_PAYLOAD_TYPE, payload));
  return serializeEnvelope({
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    payload: toBase64(payload),
    signatures: [{ keyid: signer.keyid, sig: toBase64(sig) }],
  });
}

/**
 * Creates a ledger in `dir` holding `count` distinct signed entries. With `checkpointAt`, also returns the checkpoint
 * signed when the log held that many entries: what a base branch or a witness would have kept.
 */
export async function buildLedger(dir, count, { chunk = 5000, checkpointAt } = {}) {
  mkdirSync(dir, { recursive: true });
  const seed = generateSecretKey();
  await initLedger({ dir, origin: BENCH_ORIGIN, signer: createKeySigner(seed) });
  const signer = fastSigner(seed);
  const lines = [];
  let trustedCheckpoint;
  for (let start = 0; start < count; ) {
    const end = Math.min(count, start + chunk, checkpointAt !== undefined && start < checkpointAt ? checkpointAt : count);
    const batch = [];
    for (let i = start; i < end; i++) batch.push(signedLine(signer, bindStatement(benchStatement(i), { origin: BENCH_ORIGIN, index: i })));
    await openLedger(dir).write(createKeySigner(seed), async (writer) => {
      await writer.append(batch);
    });
    lines.push(...batch);
    start = end;
    if (start === checkpointAt) trustedCheckpoint = readFileSync(layoutOf(dir).checkpoint);
  }
  return { seed, signer, lines, trustedCheckpoint };
}
