// A real process that appends to a ledger in a loop, for the concurrency and crash tests.
// Usage: node append-worker.mjs DIR KEY_BASE64 TAG COUNT BATCH
// Each round signs one statement and appends it BATCH times in one transaction, so the process spends most of its
// time inside the writer, where a kill hurts most. Prints "ok <firstIndex> <tag>-<n>" after each append that
// returned, i.e. that reported success.
import {
  createKeySigner,
  encodeStatement,
  openLedger,
  parseSecretKey,
  STATEMENT_TYPE,
  serializeEnvelope,
  signEnvelope,
} from "@shoulders/ledger";

const [dir, keyText, tag, countText, batchText] = process.argv.slice(2);
const seed = parseSecretKey(keyText);
const signer = createKeySigner(seed);

for (let n = 0; n < Number(countText); n++) {
  const statement = {
    _type: STATEMENT_TYPE,
    subject: [{ name: `${tag}-${n}`, digest: { sha256: "ab".repeat(32) } }],
    predicateType: "https://example.org/note/v1",
    predicate: { tag, n, padding: "x".repeat(2000) },
  };
  const line = serializeEnvelope(await signEnvelope(encodeStatement(statement), [signer]));
  await openLedger(dir).write(createKeySigner(seed), async (writer) => {
    const result = await writer.append(Array(Number(batchText)).fill(line));
    process.stdout.write(`ok ${result.firstIndex} ${tag}-${n}\n`);
  });
}
