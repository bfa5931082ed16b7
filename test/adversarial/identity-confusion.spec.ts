/**
 * Identity confusion: look-alike identities, and keys, keyids and signatures that name one party while being
 * another. Statements are hand-crafted and signed by the log key, as a careless or hostile log key holder could, and
 * appended raw (LogWriter.append checks nothing), so that the verifier alone must catch them. Already covered
 * elsewhere: the identity grammar itself (packages/ledger/src/trust/identity.spec.ts), a changed signature and a key
 * statement signed by a contributor (test/ledger/verify-ledger.spec.ts).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  createKeySigner,
  generateSecretKey,
  KEY_PREDICATE_TYPE,
  keyIdOf,
  layoutOf,
  noteSignatureLine,
  openLedger,
  publicKeyFromSecret,
  STATEMENT_TYPE,
  type Statement,
  serializeEnvelope,
  sha256Hex,
  signEd25519,
  signEnvelope,
  toBase64,
  utf8,
  verifyLedger,
} from "@shoulders/ledger";
import { afterEach, describe, expect, it } from "vitest";
import { type CliResult, shoulders } from "../support/cli.js";
import { bound, makeLedger, noteStatement } from "../support/ledger.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function ledger(count = 0): Promise<{ dir: string; seed: Uint8Array; env: Record<string, string> }> {
  const made = await makeLedger(count);
  cleanups.push(made.cleanup);
  return { dir: made.dir, seed: made.seed, env: { SHOULDERS_SIGNING_KEY: toBase64(made.seed) } };
}

function expectRefused(result: CliResult, code: string, exit: number): void {
  expect(result.code, result.stderr).toBe(exit);
  expect(result.stderr).toMatch(new RegExp(`^${code}: [^\n]*\n`));
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

function payload(statement: Statement): Uint8Array {
  return utf8(JSON.stringify(bound(statement)));
}

/** Appends raw, log-key-signed lines with a fresh checkpoint, bypassing every check of the CLI and appendStatements. */
async function appendRaw(dir: string, seed: Uint8Array, lines: string[]): Promise<void> {
  await openLedger(dir).write(createKeySigner(seed), async (writer) => {
    await writer.append(lines);
  });
}

async function signedBy(seed: Uint8Array, statement: Statement): Promise<string> {
  return serializeEnvelope(await signEnvelope(payload(statement), [createKeySigner(seed)]));
}

function keyStatement(predicate: Record<string, unknown>, subject?: Statement["subject"]): Statement {
  const keyid = String(predicate.keyid);
  return {
    _type: STATEMENT_TYPE,
    subject: subject ?? [{ name: `key:${keyid}`, digest: { sha256: keyid } }],
    predicateType: KEY_PREDICATE_TYPE,
    predicate,
  };
}

describe("look-alike identities", () => {
  it("trust add and trust link refuse Cyrillic, fullwidth, zero-width and padded look-alikes, and write nothing", async () => {
    const { dir, env } = await ledger();
    const publicKey = toBase64(publicKeyFromSecret(generateSecretKey()));
    const log = () => readFileSync(join(layoutOf(dir).logDir, "000000.jsonl"));
    const before = log();
    for (const identity of [
      "github:\u0430lice", // Cyrillic а
      "github:\uff41lice", // fullwidth ａ
      "github:al\u200dice", // zero-width joiner
      "github:alice\u200b", // zero-width space
      "github:alice.",
      "github:alice ",
      "email:alice@ex\u0430mple.org",
    ]) {
      expectRefused(shoulders(["trust", "add", "--public-key", publicKey, "--identity", identity], { cwd: dir, env }), "BAD_ARGUMENT", 2);
      expectRefused(shoulders(["trust", "link", "github:alice", identity], { cwd: dir, env }), "BAD_ARGUMENT", 2);
    }
    expect(log()).toEqual(before);
  });

  it("hand-crafted key statements with look-alikes are invalid at their own index, and never merge with the real party", async () => {
    const { dir, seed } = await ledger();
    const alice = publicKeyFromSecret(generateSecretKey());
    const add = (identity: string) =>
      keyStatement({ action: "add", keyid: keyIdOf(alice), publicKey: toBase64(alice), identity, roles: ["record"] });
    const link = (identities: string[]): Statement => ({
      _type: STATEMENT_TYPE,
      subject: identities.map((identity) => ({ name: `identity:${identity}`, digest: { sha256: sha256Hex(utf8(identity)) } })),
      predicateType: KEY_PREDICATE_TYPE,
      predicate: { action: "link", identities },
    });
    await appendRaw(dir, seed, [
      await signedBy(seed, add("github:\u0430lice")),
      await signedBy(seed, link(["github:alice", "github:\uff41lice"])),
      await signedBy(seed, link(["github:alice", "github:alice\u200d"])),
      await signedBy(seed, add("github:alice")),
    ]);
    const result = verifyLedger({ dir, collect: true });
    expect(result.errors.map((error) => [error.code, error.index])).toEqual([
      ["PREDICATE_INVALID", 0],
      ["PREDICATE_INVALID", 1],
      ["PREDICATE_INVALID", 2],
    ]);
    const cli = shoulders(["verify", "--json"], { cwd: dir });
    expect(cli.code).toBe(1);
    expect((JSON.parse(cli.stdout) as { errors: { index: number }[] }).errors.map((error) => error.index)).toEqual([0, 1, 2]);
  });

  it("commit authors whose addresses look alike are credited as two parties, never as the real one", async () => {
    const { dir, env } = await ledger();
    const git = (...args: string[]) => execFileSync("git", ["-C", dir, ...args], { stdio: "pipe" });
    git("init", "-q");
    const commitAs = (email: string, message: string) =>
      git("-c", "user.name=Alice", "-c", `user.email=${email}`, "commit", "-q", "--allow-empty", "-m", message);
    commitAs("alice@example.org", "real");
    commitAs("\u0430lice@example.org", "look-alike");
    // (git itself strips trailing dots and spaces from addresses, so those never reach the ledger.)
    commitAs("alice@\uff45xample.org", "fullwidth e");
    const recorded = shoulders(["record", "commits"], { cwd: dir, env });
    expect(recorded.code, recorded.stderr).toBe(0);
    const entries = JSON.parse(shoulders(["log", "--json"], { cwd: dir }).stdout) as {
      statement: { predicate: { commits: { author: { identities: string[] } }[] } };
    }[];
    const identities = entries.flatMap((entry) => entry.statement.predicate.commits.map((commit) => commit.author.identities));
    expect(identities).toHaveLength(3);
    const real = identities.filter((ids) => ids.includes("email:alice@example.org"));
    expect(real).toHaveLength(1);
    const others = identities.filter((ids) => !ids.includes("email:alice@example.org")).flat();
    expect(others).toHaveLength(2);
    expect(new Set(others).size).toBe(2);
    for (const identity of others) expect(identity).toMatch(/^email-sha256:[0-9a-f]{64}$/);
  });
});

describe("keys that name one key and are another", () => {
  it("an add whose keyid is not its public key's, and a subject key:<keyid> digested as another key, are invalid", async () => {
    const { dir, seed } = await ledger();
    const aliceSeed = generateSecretKey();
    const alice = publicKeyFromSecret(aliceSeed);
    const mallory = publicKeyFromSecret(generateSecretKey());
    const good = { action: "add", keyid: keyIdOf(alice), publicKey: toBase64(alice), identity: "github:alice", roles: [] };
    await appendRaw(dir, seed, [
      // Shows alice's keyid to readers but would authorise mallory's key.
      await signedBy(seed, keyStatement({ ...good, publicKey: toBase64(mallory) })),
      // The right key, but the subject's digest names mallory: found by anyone who looks keys up by digest.
      await signedBy(seed, keyStatement(good, [{ name: `key:${keyIdOf(alice)}`, digest: { sha256: keyIdOf(mallory) } }])),
      // The subject names mallory's key.
      await signedBy(seed, keyStatement(good, [{ name: `key:${keyIdOf(mallory)}`, digest: { sha256: keyIdOf(mallory) } }])),
      // None of those added alice, so her entry is unauthorised.
      await signedBy(aliceSeed, noteStatement("by alice")),
    ]);
    const result = verifyLedger({ dir });
    expect(result.errors.map((error) => [error.code, error.index])).toEqual([
      ["PREDICATE_INVALID", 0],
      ["PREDICATE_INVALID", 1],
      ["PREDICATE_INVALID", 2],
      ["UNAUTHORISED_SIGNER", 3],
    ]);
  });

  it("a DSSE signature that names the log key's keyid but was made by another key is SIGNATURE_INVALID", async () => {
    const { dir, seed } = await ledger();
    const other = generateSecretKey();
    const body = payload(noteStatement("forged"));
    const envelope = await signEnvelope(body, [createKeySigner(other)]);
    const pae = Buffer.concat([Buffer.from(`DSSEv1 28 application/vnd.in-toto+json ${body.length} `), Buffer.from(body)]);
    const forged = { ...envelope, signatures: [{ keyid: keyIdOf(publicKeyFromSecret(seed)), sig: toBase64(signEd25519(other, pae)) }] };
    await appendRaw(dir, seed, [await signedBy(seed, noteStatement("honest")), serializeEnvelope(forged)]);
    const result = verifyLedger({ dir });
    expect(result.errors.map((error) => [error.code, error.index])).toEqual([["SIGNATURE_INVALID", 1]]);
  });

  it("a checkpoint signature line with the log key's name but another key's hash is not the log's signature", async () => {
    const { dir } = await ledger(1);
    const layout = layoutOf(dir);
    const note = readFileSync(layout.checkpoint, "utf8");
    const text = note.slice(0, note.lastIndexOf("\n\n") + 1);
    const name = (note.split("\n\u2014 ")[1] ?? "").split(" ")[0] as string;
    const impostor = noteSignatureLine(text, { name, seed: generateSecretKey() });
    writeFileSync(layout.checkpoint, `${text}\n${impostor}`);
    const result = verifyLedger({ dir });
    expect(result.errors.map((error) => error.code)).toEqual(["CHECKPOINT_SIGNATURE_INVALID"]);
    expectRefused(shoulders(["verify"], { cwd: dir }), "CHECKPOINT_SIGNATURE_INVALID", 1);
  });
});
