import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as ledger from "@shoulders/ledger";
import { afterEach, describe, expect, it } from "vitest";
import { CLI, REPO_ROOT, shoulders } from "../support/cli.js";
import { noteStatement, tempDir } from "../support/ledger.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function workspace() {
  const made = tempDir("shoulders-cli-");
  cleanups.push(made.cleanup);
  return made.dir;
}

/** A folder with a log key, a ledger and a statement file, as a maintainer has after story 1 step 2. */
function maintainer() {
  const dir = workspace();
  expect(shoulders(["keygen", "--out", "maya.key"], { cwd: dir }).code).toBe(0);
  const key = readFileSync(join(dir, "maya.key"), "utf8").trim();
  const env = { SHOULDERS_SIGNING_KEY: key };
  expect(shoulders(["init", "--origin", "github.com/acme/sentiment/attribution"], { cwd: dir, env }).code).toBe(0);
  writeFileSync(join(dir, "statement.json"), JSON.stringify(noteStatement("hello")));
  return { dir, key, env };
}

function expectOneLineError(stderr: string, code: string) {
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^${code}: `));
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe("shoulders keygen", () => {
  it("writes the seed with mode 0600 and never prints it", () => {
    const dir = workspace();
    const result = shoulders(["keygen", "--out", "keys/a.key", "--json"], { cwd: dir });
    expect(result.code).toBe(0);
    const path = join(dir, "keys", "a.key");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const seed = readFileSync(path, "utf8").trim();
    expect(Buffer.from(seed, "base64")).toHaveLength(32);
    expect(result.stdout).not.toContain(seed);
    const output = JSON.parse(result.stdout);
    expect(output.keyid).toMatch(/^[0-9a-f]{64}$/);
    expect(output.verifierKey).toMatch(/^shoulders\+[0-9a-f]{8}\+/);
  });

  it("refuses to overwrite a key", () => {
    const dir = workspace();
    shoulders(["keygen", "--out", "a.key"], { cwd: dir });
    const before = readFileSync(join(dir, "a.key"));
    const result = shoulders(["keygen", "--out", "a.key"], { cwd: dir });
    expect(result.code).toBe(2);
    expectOneLineError(result.stderr, "BAD_ARGUMENT");
    expect(readFileSync(join(dir, "a.key"))).toEqual(before);
  });
});

describe("shoulders init", () => {
  it("creates .attribution/ and tells the maintainer what to commit in three lines", () => {
    const { dir } = maintainer();
    for (const file of ["trust.json", "checkpoint", "log/000000.jsonl", ".gitattributes"]) {
      expect(existsSync(join(dir, ".attribution", file))).toBe(true);
    }
    expect(readFileSync(join(dir, ".attribution", ".gitattributes"), "utf8")).toBe("* -text\n");
    const again = shoulders(["init", "--origin", "x.org/y"], {
      cwd: dir,
      env: { SHOULDERS_SIGNING_KEY: readFileSync(join(dir, "maya.key"), "utf8") },
    });
    expect(again.code).toBe(3);
    expectOneLineError(again.stderr, "LEDGER_EXISTS");
  });

  it("takes the origin from the git remote", () => {
    const dir = workspace();
    execFileSync("git", ["init", "-q"], { cwd: dir });
    execFileSync("git", ["remote", "add", "origin", "git@github.com:acme/sentiment.git"], { cwd: dir });
    shoulders(["keygen", "--out", "k"], { cwd: dir });
    const result = shoulders(["init", "--key", "k"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split("\n")).toHaveLength(3);
    expect(JSON.parse(readFileSync(join(dir, ".attribution", "trust.json"), "utf8")).log.origin).toBe(
      "github.com/acme/sentiment/attribution",
    );
    // The key must not land in the repository.
    const key = readFileSync(join(dir, "k"), "utf8").trim();
    for (const file of readdirSync(join(dir, ".attribution"), { recursive: true })) {
      const path = join(dir, ".attribution", String(file));
      if (statSync(path).isFile()) expect(readFileSync(path, "utf8")).not.toContain(key);
    }
  });

  it("takes the origin through the one remote normaliser: credentials, ports and local paths never reach trust.json", () => {
    const keys = workspace();
    shoulders(["keygen", "--out", "k"], { cwd: keys });
    const env = { SHOULDERS_SIGNING_KEY: readFileSync(join(keys, "k"), "utf8").trim() };
    const originOf = (url: string) => {
      const dir = workspace();
      execFileSync("git", ["init", "-q"], { cwd: dir });
      execFileSync("git", ["remote", "add", "origin", url], { cwd: dir });
      const result = shoulders(["init"], { cwd: dir, env });
      const trust = join(dir, ".attribution", "trust.json");
      return { result, origin: existsSync(trust) ? JSON.parse(readFileSync(trust, "utf8")).log.origin : undefined };
    };
    for (const url of [
      "https://user:token@github.com/acme/x.git",
      "https://user:p@ss-SECRET@github.com/acme/x.git",
      "https://github.com:443/acme/x.git",
      "ssh://git@github.com:22/acme/x.git",
    ]) {
      const { result, origin } = originOf(url);
      expect(result.code, `${url}: ${result.stderr}`).toBe(0);
      expect(origin, url).toBe("github.com/acme/x/attribution");
      expect(result.stdout, url).not.toMatch(/token|SECRET/);
    }
    // A token holding "/" cannot be told from a path: refused, never written.
    for (const url of ["https://user:to/ken-SECRET@github.com/acme/x.git", "file:///srv/repos/x.git", "ext::sh -c echo% SECRET"]) {
      const { result, origin } = originOf(url);
      expect(result.code, url).toBe(2);
      expectOneLineError(result.stderr, "USAGE");
      expect(result.stderr, url).not.toMatch(/SECRET|srv/);
      expect(origin, url).toBeUndefined();
    }
  });

  it("asks for --origin when there is no git remote", () => {
    const dir = workspace();
    shoulders(["keygen", "--out", "k"], { cwd: dir });
    const result = shoulders(["init", "--key", "k"], { cwd: dir });
    expect(result.code).toBe(2);
    expectOneLineError(result.stderr, "USAGE");
    expect(existsSync(join(dir, ".attribution"))).toBe(false);
  });
});

describe("append, integrate, verify, log, prove, checkpoint", () => {
  it("walks a maintainer and a contributor through the ledger", () => {
    const { dir, env } = maintainer();
    expect(shoulders(["append", "statement.json"], { cwd: dir, env }).stdout).toContain("Appended entry 0");

    shoulders(["keygen", "--out", "dev.key"], { cwd: dir });
    const devKey = readFileSync(join(dir, "dev.key"), "utf8").trim();
    const { publicKeyFromSecret, parseSecretKey, toBase64 } = ledger;
    const publicKey = toBase64(publicKeyFromSecret(parseSecretKey(devKey)));
    const added = shoulders(["trust", "add", "--public-key", publicKey, "--identity", "github:dev", "--role", "record", "--json"], {
      cwd: dir,
      env,
    });
    expect(added.code).toBe(0);

    writeFileSync(join(dir, "rows.json"), JSON.stringify(noteStatement("2000 rows")));
    const proposed = shoulders(["append", "rows.json", "--json"], { cwd: dir, env: { SHOULDERS_SIGNING_KEY: devKey } });
    expect(proposed.code).toBe(0);
    expect(JSON.parse(proposed.stdout).appended).toBe(false);
    expect(readdirSync(join(dir, ".attribution", "pending"))).toHaveLength(1);

    const integrated = shoulders(["integrate", "--json"], { cwd: dir, env });
    expect(integrated.code).toBe(0);
    expect(JSON.parse(integrated.stdout).integrated).toHaveLength(1);
    expect(readdirSync(join(dir, ".attribution", "pending"))).toHaveLength(0);

    const verified = shoulders(["verify", "--json", "--strict"], { cwd: dir });
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ valid: true, treeSize: 3 });

    const log = JSON.parse(shoulders(["log", "--json"], { cwd: dir }).stdout);
    expect(log.map((entry: { signers: string[] }) => entry.signers[0])).toEqual(["log", "log", "github:dev"]);

    const proof = JSON.parse(shoulders(["prove", "2", "--json"], { cwd: dir }).stdout);
    const { verifyInclusion, fromBase64 } = ledger;
    expect(
      verifyInclusion(
        fromBase64(proof.leafHash),
        2,
        3,
        proof.proof.map((p: string) => fromBase64(p)),
        fromBase64(proof.rootHash),
      ),
    ).toBe(true);
    expect(shoulders(["prove", "3"], { cwd: dir }).code).toBe(1);

    const checkpoint = shoulders(["checkpoint"], { cwd: dir });
    expect(checkpoint.stdout).toMatch(/^github\.com\/acme\/sentiment\/attribution\n3\n/);

    const list = JSON.parse(shoulders(["trust", "list", "--json"], { cwd: dir }).stdout);
    expect(list.keys).toHaveLength(2);
  });

  it("exits 1 with one line per problem when the log was tampered with", () => {
    const { dir, env } = maintainer();
    shoulders(["append", "statement.json"], { cwd: dir, env });
    const segment = join(dir, ".attribution", "log", "000000.jsonl");
    writeFileSync(segment, readFileSync(segment, "utf8").replace('"payload":"eyJ', '"payload":"eyK'));
    const result = shoulders(["verify"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^(SIGNATURE_INVALID|INVALID_JSON|INVALID_UTF8|BASE64_INVALID): entry 0/m);
    expect(result.stdout).toContain("INVALID");
  });

  it("revokes a key with a compromise window, rotates the log key, and stays valid", () => {
    const { dir, env } = maintainer();
    shoulders(["keygen", "--out", "dev.key"], { cwd: dir });
    const devKey = readFileSync(join(dir, "dev.key"), "utf8").trim();
    const { publicKeyFromSecret, parseSecretKey, toBase64, keyIdOf } = ledger;
    const devPublic = publicKeyFromSecret(parseSecretKey(devKey));
    shoulders(["trust", "add", "--public-key", toBase64(devPublic), "--identity", "github:dev"], { cwd: dir, env });
    shoulders(["append", "statement.json"], { cwd: dir, env: { SHOULDERS_SIGNING_KEY: devKey } });
    shoulders(["integrate"], { cwd: dir, env });
    const revoked = shoulders(["trust", "revoke", keyIdOf(devPublic), "--compromised-since", "1"], { cwd: dir, env });
    expect(revoked.code).toBe(0);
    expect(JSON.parse(shoulders(["verify", "--json"], { cwd: dir }).stdout).compromised).toEqual([1]);

    shoulders(["keygen", "--out", "next.key"], { cwd: dir });
    const rotated = shoulders(["trust", "rotate", "--new-key", "next.key"], { cwd: dir, env });
    expect(rotated.code).toBe(0);
    expect(shoulders(["append", "statement.json", "--key", "next.key"], { cwd: dir }).stdout).toContain("Appended");
    expect(shoulders(["verify"], { cwd: dir }).code).toBe(0);
    expect(
      shoulders(["trust", "link", "github:dev", "email:dev@example.org"], {
        cwd: dir,
        env: { SHOULDERS_SIGNING_KEY: readFileSync(join(dir, "next.key"), "utf8") },
      }).code,
    ).toBe(0);
  });
});

describe("bad input gets one line, a stable code and a non-zero exit", () => {
  it.each([
    [["frobnicate"], 2, "USAGE"],
    // Names every plain object inherits: a lookup without Object.hasOwn found a function here and crashed (exit 70).
    [["__proto__"], 2, "USAGE"],
    [["constructor"], 2, "USAGE"],
    [["toString"], 2, "USAGE"],
    [["verify", "--bogus"], 2, "USAGE"],
    [["prove", "-1"], 2, "USAGE"],
    [["prove", "1e3"], 2, "BAD_ARGUMENT"],
    [["append", "missing.json"], 3, "IO_ERROR"],
    [["verify"], 3, "TRUST_MISSING"],
  ])("shoulders %j", (args, code, errorCode) => {
    const dir = workspace();
    const result = shoulders(args, { cwd: dir });
    expect(result.code).toBe(code);
    if (errorCode === "TRUST_MISSING") expect(result.stderr).toMatch(/^TRUST_MISSING: /);
    else expectOneLineError(result.stderr, errorCode);
  });

  it("never echoes a malformed key", () => {
    const { dir } = maintainer();
    const secret = "not-a-key-but-still-secret-material";
    const result = shoulders(["append", "statement.json"], { cwd: dir, env: { SHOULDERS_SIGNING_KEY: secret } });
    expect(result.code).toBe(3);
    expectOneLineError(result.stderr, "KEY_INVALID");
    expect(result.stderr + result.stdout).not.toContain(secret);
  });

  it("says which key is missing", () => {
    const { dir } = maintainer();
    const result = shoulders(["append", "statement.json"], { cwd: dir, env: { SHOULDERS_SIGNING_KEY: undefined } });
    expect(result.code).toBe(3);
    expectOneLineError(result.stderr, "KEY_MISSING");
  });

  it("refuses a statement that is not an in-toto statement, and writes nothing", () => {
    const { dir, env } = maintainer();
    writeFileSync(join(dir, "bad.json"), '{"_type": "nope"}');
    const before = readFileSync(join(dir, ".attribution", "log", "000000.jsonl"));
    const result = shoulders(["append", "bad.json"], { cwd: dir, env });
    expect(result.code).toBe(1);
    expectOneLineError(result.stderr, "STATEMENT_INVALID");
    expect(readFileSync(join(dir, ".attribution", "log", "000000.jsonl"))).toEqual(before);
  });

  it("stops quietly when the reader closes the pipe early (shoulders log | head -1), and in one line when the disk is full", () => {
    const dir = workspace();
    // `true` exits at once, long before node has started: every write of the help meets a closed pipe (EPIPE).
    const piped = spawnSync("bash", ["-c", `"${process.execPath}" "${CLI}" --help | true; echo "\${PIPESTATUS[0]}"`], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(piped.stderr).toBe("");
    expect(piped.stdout).toBe("141\n");
    // A disk that is full is the environment's failure: one line and exit 3, never a stack trace.
    const full = spawnSync("bash", ["-c", `"${process.execPath}" "${CLI}" --help > /dev/full`], { cwd: dir, encoding: "utf8" });
    expect(full.status).toBe(3);
    expect(full.stderr).toBe("IO_ERROR: cannot write the output (ENOSPC)\n");
  });

  it("shows a stack trace only with --debug", () => {
    const dir = workspace();
    const result = shoulders(["append", "missing.json", "--debug"], { cwd: dir });
    expect(result.stderr).toMatch(/\n\s+at /);
  });
});

describe("command groups", () => {
  it("list every subcommand in the group's help, and give each subcommand its own", () => {
    const dir = workspace();
    const groups: Record<string, string[]> = {
      record: ["commits", "dataset", "run", "release", "usage", "policy", "license"],
      hf: ["upload", "dataset", "model", "verify"],
      trust: ["add", "revoke", "link", "rotate", "list"],
      witness: ["serve", "add", "remove", "submit", "list"],
      license: ["explain", "check", "accept"],
    };
    for (const [group, subcommands] of Object.entries(groups)) {
      const help = shoulders([group, "--help"], { cwd: dir });
      expect(help.code).toBe(0);
      expect(help.stdout.split("\n")[0]).toBe(`Usage: shoulders ${group} <${subcommands.join("|")}> [options]`);
      for (const sub of subcommands) {
        expect(help.stdout).toContain(`\n  ${group} ${sub}`);
        const own = shoulders([group, sub, "--help"], { cwd: dir });
        expect(own.code, `${group} ${sub}`).toBe(0);
        expect(own.stdout.startsWith(`Usage: shoulders ${group} ${sub}`), own.stdout).toBe(true);
        for (const other of subcommands.filter((name) => name !== sub)) expect(own.stdout).not.toContain(`shoulders ${group} ${other} `);
      }
    }
  });

  it("name the flag the user typed where the library names its field", () => {
    const { dir, env } = maintainer();
    const keyid = "a".repeat(64);
    expect(shoulders(["keygen", "--out", "next.key"], { cwd: dir }).code).toBe(0);
    const rotated = shoulders(["trust", "rotate", "--new-key", "next.key", "--compromised-since", "9"], { cwd: dir, env });
    expect(rotated.stderr).toBe("BAD_ARGUMENT: --compromised-since 9 is beyond the end of the log (0 entries)\n");
    expect(shoulders(["trust", "revoke", keyid.slice(1)], { cwd: dir, env }).stderr).toBe(
      "BAD_ARGUMENT: KEYID must be 64 lowercase hex characters (see `shoulders trust list`)\n",
    );
    expect(shoulders(["split", "--artifact", "acme/m", "--period", "2026-02-30/2026-03-01"], { cwd: dir }).stderr).toBe(
      "BAD_ARGUMENT: --period: 2026-02-30 is not a calendar day\n",
    );
  });

  it("refuse an empty reason to accept a license conflict as a usage error, not a crash", () => {
    const { dir, env } = maintainer();
    writeFileSync(join(dir, "weights.bin"), "w");
    expect(shoulders(["record", "release", ".", "--id", "acme/m", "--license", "mit"], { cwd: dir, env }).code).toBe(0);
    const accepted = shoulders(["license", "accept", "acme/m", "--conflict", "NC_INPUT_COMMERCIAL_OUTPUT", "--reason", ""], {
      cwd: dir,
      env,
    });
    expect(accepted.code).toBe(2);
    expectOneLineError(accepted.stderr, "BAD_ARGUMENT");
    expect(accepted.stderr).toMatch(/^BAD_ARGUMENT: acceptance for acme\/m: --reason: /);
  });
});

describe("the workspace", () => {
  it("runs `npx shoulders --help` from the repository root", () => {
    const output = execFileSync(join(REPO_ROOT, "node_modules", ".bin", "shoulders"), ["--help"], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(output).toContain("Usage: shoulders <command>");
    for (const command of ["keygen", "init", "append", "integrate", "trust", "verify", "log", "prove", "checkpoint", "witness", "demo"]) {
      expect(output).toContain(`  ${command}`);
    }
  });

  it("runs the demo to the end, catching both attacks", () => {
    const result = shoulders(["demo"], { cwd: workspace() });
    expect(result.stdout).toContain("Every step behaved as expected.");
    expect(result.stdout).toContain("NOT_APPEND_ONLY");
    // Story 6: the witness cosigned the honest head, then refused the key holder's rewrite.
    expect(result.stdout).toMatch(/✓ witness\.example\/w1 cosigned/);
    expect(result.stdout).toMatch(/WITNESS_REFUSED: witness witness\.example\/w1 holds a different tree of 3 entries/);
    expect(result.code).toBe(0);
  });
});
