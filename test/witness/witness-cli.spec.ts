import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cosignatureLine, parseSecretKey } from "@shoulders/ledger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, shoulders } from "../support/cli.js";
import { makeLedger, noteStatement, ORIGIN, tempDir } from "../support/ledger.js";

type Witness = { url: string; verifierKey: string; process: ChildProcess; state: string };
const cleanups: (() => void)[] = [];

/** `shoulders witness serve` as a real process on a free loopback port; resolves once it prints its address. */
async function startWitness(name: string, trustFile: string): Promise<Witness> {
  const { dir, cleanup } = tempDir("shoulders-witness-");
  cleanups.push(cleanup);
  const keyFile = join(dir, "w.key");
  expect(shoulders(["keygen", "--witness", "--name", name, "--out", keyFile], { cwd: dir }).code).toBe(0);
  const state = join(dir, "state");
  const child = spawn(
    process.execPath,
    [CLI, "witness", "serve", "--name", name, "--key", keyFile, "--log", trustFile, "--state", state, "--port", "0", "--json"],
    {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  cleanups.push(() => child.kill("SIGKILL"));
  let output = "";
  const started = await new Promise<{ url: string; verifierKey: string }>((done, fail) => {
    child.stdout?.on("data", (chunk) => {
      output += chunk;
      if (output.trimEnd().endsWith("}")) done(JSON.parse(output));
    });
    child.once("exit", (code) => fail(new Error(`witness exited with ${code}`)));
  });
  return { ...started, process: child, state };
}

let ledger: { dir: string; seed: Uint8Array; cleanup: () => void };
let w1: Witness;
let w2: Witness;

/** A verifier who chose both witnesses: their keys come from the witnesses, not from the ledger's trust.json. */
const chosen = () => ["--witness-key", w1.verifierKey, "--witness-key", w2.verifierKey];

function appendNote(dir: string, seed: Uint8Array, text: string) {
  return shoulders(["append", "-"], {
    cwd: dir,
    env: { SHOULDERS_SIGNING_KEY: Buffer.from(seed).toString("base64") },
    input: JSON.stringify(noteStatement(text)),
  });
}

beforeAll(async () => {
  ledger = await makeLedger(5);
  cleanups.push(ledger.cleanup);
  const trustFile = join(ledger.dir, ".attribution", "trust.json");
  // The witness operators pin a copy of the log's root, as they would from the repository.
  const pinned = join(tempDir().dir, "trust.json");
  cpSync(trustFile, pinned);
  [w1, w2] = await Promise.all([startWitness("witness.one.example/w", pinned), startWitness("witness.two.example/w", pinned)]);
});
afterAll(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
});

describe("shoulders witness: story 6, history before a leak stays provable", () => {
  it("lists witnesses in trust.json, gets the checkpoint cosigned, and verify counts the cosignatures", () => {
    for (const w of [w1, w2]) expect(shoulders(["witness", "add", w.verifierKey, "--url", w.url], { cwd: ledger.dir }).code).toBe(0);
    const submitted = shoulders(["witness", "submit", "--json"], { cwd: ledger.dir });
    expect(submitted.code, submitted.stderr).toBe(0);
    expect(JSON.parse(submitted.stdout)).toMatchObject({ size: 5, cosigned: 2, ok: true });
    const checkpoint = readFileSync(join(ledger.dir, ".attribution", "checkpoint"), "utf8");
    expect(checkpoint.split("\n— ")).toHaveLength(4); // the log's signature, then one line per witness

    const verified = shoulders(["verify", "--require-witness", "2", ...chosen(), "--json"], { cwd: ledger.dir });
    expect(verified.code, verified.stdout).toBe(0);
    expect(
      JSON.parse(verified.stdout)
        .cosignatures.map((c: { name: string }) => c.name)
        .sort(),
    ).toEqual(["witness.one.example/w", "witness.two.example/w"]);
    const tooMany = shoulders(["verify", "--require-witness", "3", ...chosen()], { cwd: ledger.dir });
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toMatch(/^WITNESS_QUORUM: the checkpoint is cosigned by 2 of the 2 witness\(es\) you chose; 3 required/m);
    // trust.json's own list is checked and shown, but the repository's owners chose it, so it never counts alone.
    const ownList = shoulders(["verify", "--require-witness", "1"], { cwd: ledger.dir });
    expect(ownList.code).toBe(1);
    expect(ownList.stderr).toMatch(
      /^WITNESS_QUORUM: the checkpoint is cosigned by 0 of the 0 witness\(es\) you chose; 1 required \(the ledger's own trust\.json lists 2/m,
    );
    expect(ownList.stdout).toMatch(
      /Cosigned by witness witness\.one\.example\/w\+\S+ at \S+ \(listed by the ledger's owners: not counted\)/,
    );
  });

  it("cosigns honest growth: an append, then submit proves consistency from the size each witness holds", () => {
    const appended = appendNote(ledger.dir, ledger.seed, "more");
    expect(appended.code, appended.stderr).toBe(0);
    // The new checkpoint carries no cosignature yet: a verifier that requires one says so.
    expect(shoulders(["verify", "--require-witness", "1", ...chosen()], { cwd: ledger.dir }).stderr).toMatch(/WITNESS_QUORUM/);
    const submitted = shoulders(["witness", "submit"], { cwd: ledger.dir });
    expect(submitted.code, submitted.stdout + submitted.stderr).toBe(0);
    expect(submitted.stdout).toMatch(/Checkpoint of 6 entries: cosigned by 2 of 2 witness\(es\), 2 required/);
    // Running it again changes nothing and still succeeds (the witnesses hold this exact checkpoint).
    expect(shoulders(["witness", "submit"], { cwd: ledger.dir }).code).toBe(0);
    const listed = JSON.parse(shoulders(["witness", "list", "--json"], { cwd: ledger.dir }).stdout);
    expect(listed.every((w: { cosigned: number | null }) => typeof w.cosigned === "number")).toBe(true);

    // A damaged cosignature is an invalid ledger for verify, and the next submit replaces it.
    const path = join(ledger.dir, ".attribution", "checkpoint");
    const note = readFileSync(path, "utf8");
    const damaged = note.replace(
      /(— witness\.one\.example\/w \S{20})(\S)/,
      (_, head: string, c: string) => `${head}${c === "A" ? "B" : "A"}`,
    );
    expect(damaged).not.toBe(note);
    writeFileSync(path, damaged);
    expect(shoulders(["verify"], { cwd: ledger.dir }).stderr).toMatch(
      /^COSIGNATURE_INVALID: the cosignature of witness witness\.one\.example\/w\+[0-9a-f]{8} does not verify/m,
    );
    expect(shoulders(["witness", "submit"], { cwd: ledger.dir }).code).toBe(0);
    expect(shoulders(["verify", "--require-witness", "2", ...chosen()], { cwd: ledger.dir }).code).toBe(0);
  });

  it("refuses a rewritten history signed with the real log key: no witness cosigns it, and verify --require-witness fails", async () => {
    // The key holder builds another history under the same key and origin, and force-pushes it.
    const forged = await makeLedger(0);
    cleanups.push(forged.cleanup);
    rmSync(join(forged.dir, ".attribution"), { recursive: true });
    cpSync(join(ledger.dir, ".attribution"), join(forged.dir, ".attribution"), { recursive: true });
    rmSync(join(forged.dir, ".attribution", "log"), { recursive: true });
    rmSync(join(forged.dir, ".attribution", "checkpoint"));
    rmSync(join(forged.dir, ".attribution", ".state"), { recursive: true, force: true });
    const honestCheckpoint = readFileSync(join(ledger.dir, ".attribution", "checkpoint"), "utf8");
    const rebuilt = rebuildWithSameKey(forged.dir, ledger.seed, 7);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);

    // Without witnesses, the rewrite verifies: that is the honest limit of a key holder's repository.
    expect(shoulders(["verify"], { cwd: forged.dir }).code).toBe(0);
    const submitted = shoulders(["witness", "submit", "--json"], { cwd: forged.dir });
    expect(submitted.code).toBe(1);
    const outcomes = JSON.parse(submitted.stdout).witnesses;
    expect(outcomes.map((o: { code: string }) => o.code)).toEqual(["WITNESS_REFUSED", "WITNESS_REFUSED"]);
    expect(outcomes[0].message).toMatch(/rewritten|not consistent/);
    expect(shoulders(["verify", "--require-witness", "1", ...chosen()], { cwd: forged.dir }).stderr).toMatch(/^WITNESS_QUORUM/m);

    // Copying the old cosignatures onto the forged checkpoint does not help: they are over another root.
    const forgedPath = join(forged.dir, ".attribution", "checkpoint");
    const cosignatures = honestCheckpoint.split("\n").filter((line) => line.startsWith("— witness."));
    writeFileSync(forgedPath, `${readFileSync(forgedPath, "utf8")}${cosignatures.map((l) => `${l}\n`).join("")}`);
    expect(shoulders(["verify", "--require-witness", "1", ...chosen()], { cwd: forged.dir }).stderr).toMatch(/^COSIGNATURE_INVALID/m);

    // Nor does listing a "witness" the key holder runs: it cosigns anything, but a verifier counts only witnesses it chose.
    const fake = join(forged.dir, "fake-witness.key");
    const made = JSON.parse(
      shoulders(["keygen", "--witness", "--name", "witness.one.example/w", "--out", fake, "--json"], { cwd: forged.dir }).stdout,
    );
    writeFileSync(forgedPath, readFileSync(forgedPath, "utf8").split("— witness.")[0] as string);
    expect(shoulders(["witness", "add", made.verifierKey, "--url", "http://127.0.0.1:9"], { cwd: forged.dir }).code).toBe(0);
    const forgedNote = readFileSync(forgedPath, "utf8");
    writeFileSync(
      forgedPath,
      `${forgedNote}${cosignatureLine(forgedNote.slice(0, forgedNote.indexOf("\n\n") + 1), { name: "witness.one.example/w", seed: parseSecretKey(readFileSync(fake, "utf8")) }, Math.floor(Date.now() / 1000))}`,
    );
    const selfListed = shoulders(["verify", "--require-witness", "1", "--json"], { cwd: forged.dir });
    expect(selfListed.code).toBe(1);
    expect(JSON.parse(selfListed.stdout).cosignatures).toMatchObject([{ name: "witness.one.example/w", counted: false }]);
    expect(shoulders(["verify", "--require-witness", "1", ...chosen()], { cwd: forged.dir }).stderr).toMatch(/^WITNESS_QUORUM/m);

    // The honest ledger is untouched and still cosigned.
    expect(shoulders(["verify", "--require-witness", "2", ...chosen()], { cwd: ledger.dir }).code).toBe(0);
  });

  it("explains a wrong key, a bad url and a witness that is down", async () => {
    const logKey = JSON.parse(readFileSync(join(ledger.dir, ".attribution", "trust.json"), "utf8")).log.verifierKeys[0];
    const wrong = shoulders(["witness", "add", logKey, "--url", "http://127.0.0.1:9"], { cwd: ledger.dir });
    expect(wrong).toMatchObject({ code: 2 });
    expect(wrong.stderr).toMatch(/^BAD_ARGUMENT: that is a log's note key/);
    expect(shoulders(["verify", "--witness-key", "nonsense"], { cwd: ledger.dir }).stderr).toMatch(/^TRUST_INVALID/);
    const badUrl = shoulders(["witness", "add", w1.verifierKey, "--url", "file:///etc/passwd"], { cwd: ledger.dir });
    expect(badUrl.code).not.toBe(0);
    expect(readFileSync(join(ledger.dir, ".attribution", "trust.json"), "utf8")).not.toMatch(/file:/);

    const other = await makeLedger(1);
    cleanups.push(other.cleanup);
    expect(shoulders(["witness", "submit"], { cwd: other.dir }).stderr).toMatch(/^BAD_ARGUMENT: no witness to ask/);
    expect(shoulders(["witness", "add", w1.verifierKey, "--url", "http://127.0.0.1:9"], { cwd: other.dir }).code).toBe(0);
    const unreachable = shoulders(["witness", "submit"], { cwd: other.dir });
    expect(unreachable.code).toBe(3);
    expect(unreachable.stdout).toMatch(/WITNESS_UNREACHABLE/);
  });
});

/** Re-creates a log of `count` different entries under the same log key, as someone rewriting history would. */
function rebuildWithSameKey(dir: string, seed: Uint8Array, count: number) {
  const env = { SHOULDERS_SIGNING_KEY: Buffer.from(seed).toString("base64") };
  const trust = readFileSync(join(dir, ".attribution", "trust.json"));
  rmSync(join(dir, ".attribution"), { recursive: true });
  const init = shoulders(["init", "--origin", ORIGIN], { cwd: dir, env });
  if (init.code !== 0) return init;
  writeFileSync(join(dir, ".attribution", "trust.json"), trust); // keeps the witnesses listed
  for (let i = 0; i < count; i++) {
    const result = appendNote(dir, seed, `forged ${i}`);
    if (result.code !== 0) return result;
  }
  return { code: 0, stdout: "", stderr: "" };
}
