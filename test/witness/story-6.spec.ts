/**
 * Story 6, as USER-STORIES.md tells it, through the real CLI and a real witness process: a usage key leaks, Maya revokes
 * it from the leak on, rotates the record key, and nothing else breaks; the witness that cosigned before the leak keeps
 * cosigning once its operator has the new key, and the old key cannot sign anything past the rotation.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { keyIdOf, parseSecretKey, publicKeyFromSecret, toBase64 } from "@shoulders/ledger";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, shoulders } from "../support/cli.js";
import { noteStatement, tempDir } from "../support/ledger.js";

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
});

/** `shoulders witness serve` on a free port, following the log whose root is `trustFile`, keeping `state`. */
async function serveWitness(
  keyFile: string,
  trustFile: string,
  state: string,
): Promise<{ url: string; verifierKey: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      CLI,
      "witness",
      "serve",
      "--name",
      "witness.example/w",
      "--key",
      keyFile,
      "--log",
      trustFile,
      "--state",
      state,
      "--port",
      "0",
      "--json",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
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
  return { ...started, child };
}

describe("story 6: a key leaks", () => {
  it("revokes the leaked key from the leak on, rotates the record key, and nothing else breaks", async () => {
    const { dir, cleanup } = tempDir("shoulders-story6-");
    cleanups.push(cleanup);
    const keygen = (name: string) => {
      expect(shoulders(["keygen", "--out", name], { cwd: dir }).code).toBe(0);
      return readFileSync(join(dir, name), "utf8").trim();
    };
    const maya = { SHOULDERS_SIGNING_KEY: keygen("maya.key") };
    const provider = { SHOULDERS_SIGNING_KEY: keygen("provider.key") };
    const run = (args: string[], env: Record<string, string> = maya) => shoulders(args, { cwd: dir, env });
    const ok = (args: string[], env: Record<string, string> = maya) => {
      const result = run(args, env);
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
      return result;
    };
    ok(["init", "--origin", "github.com/acme/sentiment/attribution"]);
    mkdirSync(join(dir, "data"));
    writeFileSync(join(dir, "data", "rows.jsonl"), Array.from({ length: 10 }, (_, t) => `{"t":${t}}\n`).join(""));
    ok(["record", "dataset", "data", "--id", "acme/reviews", "--license", "cc-by-4.0", "--contributor", "github:dev=10"]);
    mkdirSync(join(dir, "out"));
    writeFileSync(join(dir, "out", "model.safetensors"), Buffer.alloc(512, 1));
    ok(["record", "run", "--id", "ft-1", "--output", "out", "--dataset", "acme/reviews", "--trainer", "github:tomo"]);
    ok(["record", "release", "out", "--id", "acme/sentiment-large", "--license", "apache-2.0", "--from-run", "ft-1"]);
    const providerKey = parseSecretKey(provider.SHOULDERS_SIGNING_KEY);
    ok([
      "trust",
      "add",
      "--public-key",
      toBase64(publicKeyFromSecret(providerKey)),
      "--identity",
      "ci:inference/provider",
      "--role",
      "usage",
    ]);
    const usage = (period: string, revenue: string) =>
      ok(
        [
          "record",
          "usage",
          "--artifact",
          "acme/sentiment-large",
          "--uses",
          "100",
          "--revenue",
          revenue,
          "--currency",
          "USD",
          "--period",
          period,
        ],
        provider,
      );
    usage("2026-10-01/2026-10-31", "40.00");
    ok(["integrate"]);

    // A witness follows the log from here.
    const witnessKey = join(dir, "witness.key");
    expect(shoulders(["keygen", "--witness", "--name", "witness.example/w", "--out", witnessKey, "--json"], { cwd: dir }).code).toBe(0);
    const operator = tempDir("shoulders-operator-");
    cleanups.push(operator.cleanup);
    const pinned = join(operator.dir, "trust.json");
    cpSync(join(dir, ".attribution", "trust.json"), pinned);
    const state = join(operator.dir, "state");
    let witness = await serveWitness(witnessKey, pinned, state);
    ok(["witness", "add", witness.verifierKey, "--url", witness.url]);
    ok(["witness", "submit"]);
    const chosen = ["--require-witness", "1", "--witness-key", witness.verifierKey];
    ok(["verify", ...chosen]);
    const beforeLeak = readFileSync(join(dir, ".attribution", "checkpoint"));
    writeFileSync(join(dir, "before-leak.checkpoint"), beforeLeak);

    // The provider's key leaks; whoever holds it files a receipt worth a fortune, and it is integrated.
    const leakedAt = JSON.parse(ok(["log", "--json"]).stdout).length;
    usage("2026-11-01/2026-11-30", "999999.00");
    ok(["integrate"]);
    const fortune = JSON.parse(ok(["split", "--artifact", "acme/sentiment-large", "--period", "2026-11-01/2026-11-30", "--json"]).stdout);
    expect(fortune.amount).toBe("999999.00");

    // Maya revokes it from the leak on: the receipt is flagged and paid to nobody, and the ledger stays valid.
    const providerKeyid = keyIdOf(publicKeyFromSecret(providerKey));
    ok(["trust", "revoke", providerKeyid, "--compromised-since", String(leakedAt)]);
    const verified = JSON.parse(ok(["verify", "--json"]).stdout);
    expect(verified).toMatchObject({ valid: true, compromised: [leakedAt] });
    const refused = run(["split", "--artifact", "acme/sentiment-large", "--period", "2026-11-01/2026-11-30", "--json"]);
    expect(refused.stdout + refused.stderr).not.toContain("999999.00");
    const october = JSON.parse(ok(["split", "--artifact", "acme/sentiment-large", "--period", "2026-10-01/2026-10-31", "--json"]).stdout);
    expect(october.amount).toBe("40.00");
    // The leaked key signs nothing more, not even a pending file.
    const late = run(
      ["record", "usage", "--artifact", "acme/sentiment-large", "--uses", "1", "--period", "2026-12-01/2026-12-31"],
      provider,
    );
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(/^KEY_REVOKED: your key \(keyid [0-9a-f]{16}…\) was revoked at entry \d+: nothing was written/);

    // The record key is rotated; the old secret can no longer write, the new one can.
    const next = { SHOULDERS_SIGNING_KEY: keygen("next.key") };
    ok(["trust", "rotate", "--new-key", "next.key"]);
    const note = JSON.stringify(noteStatement("after the rotation"));
    const withOld = shoulders(["append", "-"], { cwd: dir, env: maya, input: note });
    expect(withOld.code).toBe(1);
    expect(withOld.stderr).toMatch(/^KEY_REVOKED: this key \(keyid [0-9a-f]{16}…\) was rotated out of the log at entry \d+ /);
    expect(shoulders(["append", "-"], { cwd: dir, env: next, input: note }).code).toBe(0);
    ok(["verify", "--strict", "--trusted-checkpoint", "before-leak.checkpoint"]);

    // The witness operator takes the new root from the repository; the witness keeps its state and cosigns on.
    cpSync(join(dir, ".attribution", "trust.json"), pinned);
    witness.child.kill("SIGKILL");
    witness = await serveWitness(witnessKey, pinned, state);
    ok(["witness", "remove", "witness.example/w"], next);
    ok(["witness", "add", witness.verifierKey, "--url", witness.url], next);
    ok(["witness", "submit"], next);
    ok(["verify", ...chosen]);
  });
});
