// Splitting must be linear in the lineage: a graph of 10,000 artifacts and 100,000 contributors, then one twice as
// large. Target: doubling the graph at most doubles the time, plus 10% (2.2x).
// The statements are built in memory (no signatures) and go through the real AttributionIndex, split graph and payout
// code.
import { AttributionIndex, parseAmount, splitRevenue } from "@shoulders/attribution";
import { formatVerifierKey, keyIdOf, parseVerifierKey, publicKeyFromSecret, SignerRegistry } from "@shoulders/ledger";

const STATEMENT = "https://in-toto.io/Statement/v1";
const digest = (n) => n.toString(16).padStart(64, "0");
// Every entry is authored by the log key, as the owner's CLI would write it: readers count releases, datasets and
// policies only by their author's authority.
const ORIGIN = "github.com/acme/bench/attribution";
const LOG_KEY = publicKeyFromSecret(new Uint8Array(32).fill(7));
const REGISTRY = new SignerRegistry({ origin: ORIGIN, verifierKeys: [parseVerifierKey(formatVerifierKey(ORIGIN, LOG_KEY))] });
const SIGNERS = [keyIdOf(LOG_KEY)];

function ledger(artifacts, contributorsPerDataset) {
  const entries = [];
  let index = 0;
  const push = (predicateType, predicate, subjectDigest) =>
    entries.push({
      index: index++,
      statement: { _type: STATEMENT, subject: [{ name: "manifest", digest: { sha256: digest(subjectDigest) } }], predicateType, predicate },
      signers: SIGNERS,
      compromised: false,
    });
  for (let a = 0; a < artifacts; a++) {
    const contributors = Array.from({ length: contributorsPerDataset }, (_, c) => ({
      identity: `github:u${a}-${c}`,
      records: 1 + ((a * 7 + c * 13) % 97),
    }));
    const records = contributors.reduce((sum, c) => sum + c.records, 0);
    const datasetIndex = index;
    push(
      "https://shoulders.dev/attribution/dataset/v1",
      { id: `org/d${a}`, version: "1", files: 1, bytes: 1, records, contributors },
      index,
    );
    // Each model is fine-tuned from up to two earlier ones: a DAG with diamonds, as real lineages have.
    const bases =
      a === 0 ? ["hf:google-bert/bert-base-uncased"] : [...new Set([`org/m${a - 1}`, `org/m${(Math.imul(a, 2654435761) >>> 0) % a}`])];
    const runIndex = index;
    push(
      "https://slsa.dev/provenance/v1",
      {
        buildDefinition: {
          buildType: "https://shoulders.dev/attribution/fine-tune/v1",
          externalParameters: {
            runId: `r${a}`,
            hyperparameters: {},
            datasets: [
              { id: `org/d${a}`, version: "1", manifest: digest(datasetIndex), index: datasetIndex, epochs: 2, records, uses: records * 2 },
            ],
            baseModels: bases,
          },
          internalParameters: { trainer: `github:t${a}` },
          resolvedDependencies: [],
        },
        runDetails: {
          builder: { id: "https://example.org/ci" },
          metadata: { startedOn: "2026-11-01T00:00:00Z", finishedOn: "2026-11-01T00:00:00Z" },
        },
      },
      index,
    );
    push(
      "https://shoulders.dev/attribution/release/v1",
      {
        id: `org/m${a}`,
        license: "apache-2.0",
        run: { id: `r${a}`, index: runIndex },
        baseModels: bases,
        files: 1,
        bytes: 1,
        manifest: digest(index),
      },
      index,
    );
  }
  return new AttributionIndex(entries, REGISTRY);
}

function splitOnce(index, artifacts) {
  const start = process.hrtime.bigint();
  const result = splitRevenue(index, {
    artifact: `org/m${artifacts - 1}`,
    owner: "ci:org/bench",
    amount: parseAmount("1000000.00", "USD"),
  });
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, parties: result.payouts.length };
}

// Both graphs are built first and measured in alternating rounds, median of 5: each size then runs with the same heap
// (the collector is a large part of the time) and the same share of whatever else this shared machine is doing.
const sizes = [10_000, 20_000];
const indexes = sizes.map((artifacts) => ledger(artifacts, 10));
const rounds = sizes.map(() => []);
const parties = [0, 0];
for (let round = 0; round < 5; round++) {
  sizes.forEach((artifacts, i) => {
    const { ms, parties: paid } = splitOnce(indexes[i], artifacts);
    rounds[i].push(ms);
    parties[i] = paid;
  });
}
const median = (times) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
const [small, large] = sizes.map((_, i) => ({ ms: median(rounds[i]), parties: parties[i] }));
const ratio = large.ms / small.ms;
console.log(`split of 10,000 artifacts (${small.parties} parties): ${small.ms.toFixed(0)} ms`);
console.log(`split of 20,000 artifacts (${large.parties} parties): ${large.ms.toFixed(0)} ms`);
console.log(
  `${ratio <= 2.2 ? "PASS" : "MISS"}  doubling the graph: ${ratio.toFixed(3)}x the time (target ≤ 2.2x; ` +
    `the parties paid grew ${(large.parties / small.parties).toFixed(3)}x; median of 5 alternating rounds)`,
);
process.exitCode = ratio <= 2.2 ? 0 : 1;
