import { readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import {
  formatVerifierKey,
  layoutOf,
  leafHash,
  parseSecretKey,
  publicKeyFromSecret,
  readLog,
  readTrust,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  segmentPath,
  signCheckpoint,
  toBase64,
  treeHash,
} from "@shoulders/ledger";
import { createWitnessServer, FileWitnessState } from "@shoulders/witness";
import type { Shell } from "./shell.js";

const COMMIT_SHA = "4a5f1c0d2e3b4a5f1c0d2e3b4a5f1c0d2e3b4a5f";

/** Part one: the ledger itself, with hand-written statements, and two attacks caught. */
export async function ledgerStory(dir: string, shell: Shell): Promise<void> {
  const say = shell.say;
  const readKey = (file: string) => readFileSync(join(dir, file), "utf8").trim();
  say("1. Maya, who maintains acme/sentiment, creates the log key; Dev, a contributor, creates his own.");
  await shell({}, ["keygen", "--out", "maya.key"]);
  await shell({}, ["keygen", "--out", "dev.key", "--name", "dev", "--json"]);
  const maya = { SHOULDERS_SIGNING_KEY: readKey("maya.key") };
  const dev = { SHOULDERS_SIGNING_KEY: readKey("dev.key") };
  const devPublicKey = toBase64(publicKeyFromSecret(parseSecretKey(dev.SHOULDERS_SIGNING_KEY)));

  say("2. Maya starts the ledger.");
  await shell(maya, ["init", "--origin", "github.com/acme/sentiment/attribution"]);

  say(
    "3. She appends a statement about a commit of the training code: any in-toto statement works, here a type of her own (verify lists such types as not validated). Then she lets Dev's key sign.",
  );
  writeStatement(
    dir,
    "commit.json",
    `git+https://github.com/acme/sentiment@${COMMIT_SHA}`,
    { gitCommit: COMMIT_SHA },
    "https://example.org/demo/code-review/v1",
    {
      author: "github:maya",
    },
  );
  await shell(maya, ["append", "commit.json"]);
  await shell(maya, ["trust", "add", "--public-key", devPublicKey, "--identity", "github:dev", "--role", "record"]);

  say("4. Dev adds 2,000 labelled rows. His key is not a log key, so his statement is pending until the log writer integrates it.");
  writeStatement(
    dir,
    "rows.json",
    "dataset:acme/reviews@2",
    { sha256: "9f2b6c1a3e4d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8" },
    "https://example.org/demo/labelled-rows/v1",
    {
      contributors: [{ identity: "github:dev", records: 2000 }],
    },
  );
  await shell(dev, ["append", "rows.json"]);
  await shell(maya, ["integrate"]);

  say("5. Anyone can check the whole ledger offline, list it, and prove one entry's inclusion.");
  await shell({}, ["verify"]);
  await shell({}, ["log"]);
  await shell({}, ["prove", "2"]);
  const trustedCheckpoint = join(dir, "checkpoint.trusted");
  writeFileSync(trustedCheckpoint, readFileSync(layoutOf(dir).checkpoint));

  say(
    "6. An independent witness (C2SP tlog-witness) follows the log. Maya lists it in trust.json and has the checkpoint cosigned. (The demo runs `shoulders witness serve --name witness.example/w1 --log trust.json --state witness-state` in the background, on a loopback port.)",
  );
  await shell({}, ["keygen", "--witness", "--name", "witness.example/w1", "--out", "witness.key"]);
  const witness = await startWitness(dir, readKey("witness.key"));
  try {
    await shell({}, ["witness", "add", witness.verifierKey, "--url", witness.url]);
    await shell({}, ["witness", "submit"]);
    await shell({}, ["verify", "--require-witness", "1", "--witness-key", witness.verifierKey]);
    await attacks(dir, shell, maya, witness.verifierKey);
  } finally {
    await witness.close();
  }
}

async function attacks(dir: string, shell: Shell, maya: { SHOULDERS_SIGNING_KEY: string }, witnessKey: string): Promise<void> {
  const say = shell.say;
  say("7. Attack: Dev edits the log to claim 9,000 rows instead of 2,000. Verification names the entry and the error code.");
  const segment = segmentPath(layoutOf(dir), 0);
  const original = readFileSync(segment);
  const lines = original.toString("utf8").split("\n");
  const envelope = JSON.parse(lines[2] as string) as { payload: string };
  envelope.payload = Buffer.from(Buffer.from(envelope.payload, "base64").toString("utf8").replace("2000", "9000")).toString("base64");
  writeFileSync(segment, [...lines.slice(0, 2), JSON.stringify(envelope), ...lines.slice(3)].join("\n"));
  await shell({}, ["verify"], 1);
  writeFileSync(segment, original);

  say(
    "8. Attack: someone holding the log key drops Dev's entry and re-signs. The ledger alone looks valid, but a checkpoint published earlier proves the rewrite, and the witness refuses to cosign it.",
  );
  writeFileSync(segment, `${lines.slice(0, 2).join("\n")}\n`);
  rmSync(layoutOf(dir).checkpoint);
  rmSync(layoutOf(dir).stateDir, { recursive: true, force: true });
  rewriteCheckpoint(dir, maya.SHOULDERS_SIGNING_KEY);
  await shell(maya, ["append", "commit.json"]);
  await shell({}, ["verify"]);
  await shell({}, ["verify", "--trusted-checkpoint", "checkpoint.trusted"], 1);
  await shell({}, ["witness", "submit"], 1);
  await shell({}, ["verify", "--require-witness", "1", "--witness-key", witnessKey], 1);
}

/** A witness for this demo's log, served in-process on a free loopback port, its state in the demo folder. */
async function startWitness(dir: string, keyText: string): Promise<{ url: string; verifierKey: string; close: () => Promise<void> }> {
  const name = "witness.example/w1";
  const seed = parseSecretKey(keyText);
  const verifierKey = formatVerifierKey(name, publicKeyFromSecret(seed), SIGNATURE_TYPE_COSIGNATURE_V1);
  const server = createWitnessServer({
    signer: { name, seed },
    verifierKey,
    logs: [readTrust(layoutOf(dir))],
    state: new FileWitnessState(join(dir, "witness-state")),
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, verifierKey, close: () => new Promise((done) => server.close(() => done())) };
}

function writeStatement(
  dir: string,
  file: string,
  name: string,
  digest: Record<string, string>,
  predicateType: string,
  predicate: object,
): void {
  const statement = { _type: "https://in-toto.io/Statement/v1", subject: [{ name, digest }], predicateType, predicate };
  writeFileSync(join(dir, file), `${JSON.stringify(statement, null, 2)}\n`);
}

/** What a key holder could do: sign a fresh checkpoint over a shortened log. */
function rewriteCheckpoint(dir: string, keyText: string): void {
  const layout = layoutOf(dir);
  const trust = readTrust(layout);
  const leaves = [...readLog(layout)].flatMap((event) => (event.kind === "line" ? [leafHash(event.bytes)] : []));
  const checkpoint = { origin: trust.origin, size: leaves.length, rootHash: treeHash(leaves), extensions: [] };
  writeFileSync(
    layout.checkpoint,
    signCheckpoint(checkpoint, { name: trust.verifierKeys[0]?.name ?? trust.origin, seed: parseSecretKey(keyText) }),
  );
}
