// A real process that appends to a ledger in a loop, for the concurrency and crash tests.
// Usage: node append-worker.mjs DIR KEY_BASE64 TAG COUNT BATCH
// Each round signs BATCH distinct statements (a statement enters the log once) for the entries they will be and appends
// them in one transaction, all under the lock, so the process spends most of its time inside the writer, where a kill
// hurts most. Prints "ok <firstIndex> <tag>-<n>" after each append that
// returned, i.e. that reported success.
import { createKeySigner, openLedger, parseSecretKey, STATEMENT_TYPE } from "@shoulders/ledger";

const [dir, keyText, tag, countText, batchText] = process.argv.slice(2);
const seed = parseSecretKey(keyText);
const signer = createKeySigner(seed);

for (let n = 0; n < Number(countText); n++) {
  const statements = Array.from({ length: Number(batchText) }, (_, k) => ({
    _type: STATEMENT_TYPE,
    subject: [{ name: `${tag}-${n}`, digest: { sha256: "ab".repeat(32) } }],
    predicateType: "https://example.org/note/v1",
    predicate: { tag, n, k, padding: "x".repeat(2000) },
  }));
  const ledger = openLedger(dir);
  await ledger.write(signer, async (writer) => {
    const result = await writer.append(await ledger.sign(writer, statements, signer));
    process.stdout.write(`ok ${result.firstIndex} ${tag}-${n}\n`);
  });
}
