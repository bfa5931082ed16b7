/**
 * Hostile files on disk: symlinks, FIFOs, devices, huge and deeply nested inputs, invalid UTF-8. Every case runs the
 * real CLI in a child process and checks three things: one `CODE: message` line and the exit code, no hang, and that
 * nothing was written (the ledger, the victim file outside it). Already covered elsewhere, so not repeated here:
 * a 30 MB log line, 200,000-deep JSON and invalid UTF-8 in a log line (test/ledger/verify-ledger.spec.ts), symlinks
 * out of a hashed folder (packages/attribution/src/hash/list-files.spec.ts).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readAttributionConfig } from "@shoulders/attribution";
import { layoutOf, ShouldersError, toBase64, verifyLedger } from "@shoulders/ledger";
import { afterEach, describe, expect, it } from "vitest";
import { type CliResult, shoulders, shouldersAsync } from "../support/cli.js";
import { FakeHub } from "../support/fake-hub.js";
import { makeLedger, noteStatement, tempDir } from "../support/ledger.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function ledger(count = 2): Promise<{ dir: string; env: Record<string, string>; victim: string }> {
  const made = await makeLedger(count);
  cleanups.push(made.cleanup);
  const outside = tempDir("shoulders-victim-");
  cleanups.push(outside.cleanup);
  const victim = join(outside.dir, "victim");
  writeFileSync(victim, "precious\n");
  return { dir: made.dir, env: { SHOULDERS_SIGNING_KEY: toBase64(made.seed) }, victim };
}

function expectRefused(result: CliResult, code: string, exit = 1): void {
  expect(result.code, result.stderr).toBe(exit);
  const lines = result.stderr.trim().split("\n");
  expect(lines[0]).toMatch(new RegExp(`^${code}: `));
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

/** Everything under .attribution/ but the per-machine state, to show that a refused command wrote nothing. */
function snapshot(dir: string): string {
  const root = layoutOf(dir).root;
  const walk = (path: string): string[] =>
    readdirSync(path, { withFileTypes: true }).flatMap((entry) => {
      const full = join(path, entry.name);
      if (entry.name === ".state") return [];
      if (entry.isDirectory()) return walk(full);
      return [`${full}\n${entry.isSymbolicLink() ? "link" : readFileSync(full, "base64")}`];
    });
  return walk(root).sort().join("\n");
}

function writeStatement(dir: string, name: string, extra: Record<string, unknown> = {}): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(noteStatement(name, extra)));
  return path;
}

describe("symlinks inside .attribution/", () => {
  it("the writer never appends through a log segment that is a symlink (it used to append to the target)", async () => {
    const { dir, env, victim } = await ledger();
    const segment = join(layoutOf(dir).logDir, "000000.jsonl");
    // The victim holds exactly the log, so nothing but the symlink itself is wrong.
    writeFileSync(victim, readFileSync(segment));
    const before = readFileSync(victim);
    rmSync(segment);
    symlinkSync(victim, segment);
    rmSync(layoutOf(dir).stateDir, { recursive: true, force: true });
    writeStatement(dir, "new.json");

    expectRefused(shoulders(["append", "new.json"], { cwd: dir, env }), "UNSAFE_PATH");
    expect(readFileSync(victim)).toEqual(before);
    expectRefused(shoulders(["verify"], { cwd: dir }), "UNSAFE_PATH");
    expect(verifyLedger({ dir }).errors[0]?.code).toBe("UNSAFE_PATH");
  });

  it("a planted write-ahead record cannot make the writer delete a file outside pending/", async () => {
    const { dir, env, victim } = await ledger(1);
    const line = readFileSync(join(layoutOf(dir).logDir, "000000.jsonl"), "utf8").split("\n")[0] as string;
    const leaf = execFileSync("node", [
      "-e",
      `process.stdout.write(require("crypto").createHash("sha256").update(Buffer.concat([Buffer.of(0), Buffer.from(process.argv[1])])).digest("hex"))`,
      line,
    ]).toString();
    // "The checkpoint was written, only the clean-up was interrupted": the path the writer took to delete files.
    mkdirSync(layoutOf(dir).stateDir, { recursive: true });
    writeFileSync(
      layoutOf(dir).txn,
      JSON.stringify({ version: 1, baseSize: 0, baseSegmentBytes: 0, leafHashes: [leaf], removeAfterCommit: [victim], signature: "AAAA" }),
    );
    writeStatement(dir, "new.json");

    // No log key signed the record, so no writer of this ledger left it: refused before anything is touched.
    const refused = shoulders(["append", "new.json"], { cwd: dir, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^UNCOMMITTED_TAIL: .*not signed by a log key/);
    expect(readFileSync(victim, "utf8")).toBe("precious\n");
  });

  it("a planted frontier cache cannot make the writer truncate committed entries", async () => {
    const { dir, env } = await ledger(3);
    const layout = layoutOf(dir);
    const cache = JSON.parse(readFileSync(layout.frontier, "utf8")) as { segmentBytes: number };
    const firstLine = readFileSync(join(layout.logDir, "000000.jsonl"), "utf8").indexOf("\n") + 1;
    // Right hashes (the checkpoint vouches for them), wrong length: the next append used to cut entries 1 and 2.
    writeFileSync(layout.frontier, JSON.stringify({ ...cache, segmentBytes: firstLine }));
    writeStatement(dir, "new.json");

    expect(shoulders(["append", "new.json"], { cwd: dir, env }).code).toBe(0);
    const result = verifyLedger({ dir });
    expect(result.errors).toEqual([]);
    expect(result.treeSize).toBe(4);
  });

  it("trust.json, the checkpoint and a segment as links to /dev/zero, and a FIFO: UNSAFE_PATH at once, never a hang", async () => {
    const { dir } = await ledger();
    const layout = layoutOf(dir);
    for (const path of [layout.trust, layout.checkpoint, join(layout.logDir, "000000.jsonl")]) {
      const original = readFileSync(path);
      rmSync(path);
      symlinkSync("/dev/zero", path);
      const started = Date.now();
      expectRefused(shoulders(["verify"], { cwd: dir }), "UNSAFE_PATH");
      rmSync(path);
      execFileSync("mkfifo", [path]);
      expectRefused(shoulders(["verify"], { cwd: dir }), "UNSAFE_PATH");
      expect(Date.now() - started).toBeLessThan(20_000);
      rmSync(path);
      writeFileSync(path, original);
    }
    expect(verifyLedger({ dir }).valid).toBe(true);
  });

  it("files named on the command line as FIFOs or /dev/zero: --key, --trust, --trusted-checkpoint, a witness's --log, and `checkpoint`", async () => {
    const { dir, env } = await ledger();
    const fifo = join(dir, "pipe");
    execFileSync("mkfifo", [fifo]);
    const started = Date.now();
    expectRefused(shoulders(["trust", "link", "github:a", "github:b", "--key", fifo], { cwd: dir }), "UNSAFE_PATH");
    expectRefused(shoulders(["trust", "link", "github:a", "github:b", "--key", "/dev/zero"], { cwd: dir }), "UNSAFE_PATH");
    expectRefused(shoulders(["verify", "--trust", fifo], { cwd: dir }), "UNSAFE_PATH");
    expectRefused(shoulders(["verify", "--trusted-checkpoint", "/dev/zero"], { cwd: dir }), "UNSAFE_PATH");
    const witness = ["witness", "serve", "--name", "w.example/1", "--state", join(dir, "w"), "--log", fifo];
    expectRefused(shoulders(witness, { cwd: dir, env: { SHOULDERS_WITNESS_KEY: env.SHOULDERS_SIGNING_KEY } }), "UNSAFE_PATH");
    const layout = layoutOf(dir);
    const original = readFileSync(layout.checkpoint);
    rmSync(layout.checkpoint);
    symlinkSync("/dev/zero", layout.checkpoint);
    expectRefused(shoulders(["checkpoint"], { cwd: dir }), "UNSAFE_PATH");
    expectRefused(shoulders(["witness", "list"], { cwd: dir }), "UNSAFE_PATH");
    expect(Date.now() - started).toBeLessThan(30_000);
    rmSync(layout.checkpoint);
    writeFileSync(layout.checkpoint, original);
    expect(verifyLedger({ dir }).valid).toBe(true);
  });

  it(".attribution/config.yaml, which a merged pull request controls, as a link to /dev/zero or a secret, a FIFO, or not UTF-8", async () => {
    const { dir, victim } = await ledger();
    const config = join(layoutOf(dir).root, "config.yaml");
    const codeOf = () => {
      try {
        readAttributionConfig(dir);
        return "ok";
      } catch (error) {
        expect(error).toBeInstanceOf(ShouldersError);
        return (error as ShouldersError).code;
      }
    };
    // The record action reads it on every push, and the lineage bot reads a pull request's own copy.
    for (const target of ["/dev/zero", victim]) {
      symlinkSync(target, config);
      expect(codeOf()).toBe("UNSAFE_PATH");
      rmSync(config);
    }
    execFileSync("mkfifo", [config]);
    expect(codeOf()).toBe("UNSAFE_PATH");
    rmSync(config);
    writeFileSync(config, Buffer.from([0x64, 0x61, 0x74, 0x61, 0x73, 0x65, 0x74, 0x73, 0x3a, 0x20, 0xff, 0x0a]));
    expect(codeOf()).toBe("PARAMS_INVALID");
    writeFileSync(config, "datasets: []\n");
    expect(readAttributionConfig(dir)).toEqual({ datasets: [] });
  });

  it("pending files that are links or FIFOs are refused and left alone; the rest of the batch is integrated", async () => {
    const { dir, env, victim } = await ledger();
    const pending = layoutOf(dir).pendingDir;
    mkdirSync(pending);
    symlinkSync("/dev/zero", join(pending, `${"a".repeat(64)}.json`));
    symlinkSync(victim, join(pending, `${"b".repeat(64)}.json`));
    execFileSync("mkfifo", [join(pending, `${"c".repeat(64)}.json`)]);
    const result = shoulders(["integrate", "--json"], { cwd: dir, env });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { rejected: { code: string }[]; integrated: unknown[] };
    expect(report.rejected.map((rejected) => rejected.code)).toEqual(["UNSAFE_PATH", "UNSAFE_PATH", "UNSAFE_PATH"]);
    expect(report.integrated).toEqual([]);
    expect(readdirSync(pending)).toHaveLength(3);
    expect(readFileSync(victim, "utf8")).toBe("precious\n");
  });

  it("pending/, .state/ and log/ as links to a folder elsewhere: nothing is written there", async () => {
    const { dir, env } = await ledger();
    const layout = layoutOf(dir);
    const elsewhere = tempDir("shoulders-elsewhere-");
    cleanups.push(elsewhere.cleanup);
    writeStatement(dir, "new.json");
    const contributor = { SHOULDERS_SIGNING_KEY: toBase64(new Uint8Array(32).fill(7)) };

    symlinkSync(elsewhere.dir, layout.pendingDir);
    expectRefused(shoulders(["append", "new.json"], { cwd: dir, env: contributor }), "UNSAFE_PATH");
    rmSync(layout.pendingDir);

    rmSync(layout.stateDir, { recursive: true, force: true });
    symlinkSync(elsewhere.dir, layout.stateDir);
    const before = snapshot(dir);
    expectRefused(shoulders(["append", "new.json"], { cwd: dir, env }), "UNSAFE_PATH");
    expect(snapshot(dir)).toBe(before);
    rmSync(layout.stateDir);

    expect(readdirSync(elsewhere.dir)).toEqual([]);
  });

  it("a lock that is a symlink is refused at once instead of waiting a minute", async () => {
    const { dir, env, victim } = await ledger();
    mkdirSync(layoutOf(dir).stateDir, { recursive: true });
    symlinkSync(victim, layoutOf(dir).lock);
    writeStatement(dir, "new.json");
    const started = Date.now();
    expectRefused(shoulders(["append", "new.json"], { cwd: dir, env }), "UNSAFE_PATH");
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(readFileSync(victim, "utf8")).toBe("precious\n");
  });
});

describe("huge, deep and badly encoded inputs", () => {
  it("trust.json: 2 MiB, nested 10,000 deep, or not UTF-8", async () => {
    const { dir } = await ledger();
    const layout = layoutOf(dir);
    const original = readFileSync(layout.trust, "utf8");
    const cases: [string | Buffer, string][] = [
      [original.replace('"version"', `"padding":"${"x".repeat(2 << 20)}","version"`), "TRUST_INVALID"],
      [`{"deep":${"[".repeat(10_000)}${"]".repeat(10_000)},${original.slice(1)}`, "TRUST_INVALID"],
      [Buffer.concat([Buffer.from('{"x":"\xff'), Buffer.from([0xc0, 0xaf]), Buffer.from(`",${original.slice(1)}`)]), "TRUST_INVALID"],
    ];
    for (const [content, code] of cases) {
      writeFileSync(layout.trust, content);
      expectRefused(shoulders(["verify"], { cwd: dir }), code);
    }
  });

  it("a 2 MiB statement on standard input is refused before it is parsed, and nothing is appended", async () => {
    const { dir, env } = await ledger();
    const before = snapshot(dir);
    expectRefused(shoulders(["append", "-"], { cwd: dir, env, input: "y\n".repeat(1 << 20) }), "LINE_TOO_LONG");
    expect(snapshot(dir)).toBe(before);
  });

  it("a 100 KiB checkpoint, a 2 MiB pending file and a 10,000-deep pending file", async () => {
    const { dir, env } = await ledger();
    const layout = layoutOf(dir);
    const note = readFileSync(layout.checkpoint, "utf8");
    writeFileSync(layout.checkpoint, `${note}${"\n".repeat(100 * 1024)}`);
    expectRefused(shoulders(["verify"], { cwd: dir }), "CHECKPOINT_MALFORMED");
    writeFileSync(layout.checkpoint, note);

    mkdirSync(layout.pendingDir);
    const huge = Buffer.from(`{"x":"${"y".repeat(2 << 20)}"}`);
    const deep = Buffer.from(`${"[".repeat(10_000)}${"]".repeat(10_000)}`);
    for (const bytes of [huge, deep]) {
      const digest = execFileSync(
        "node",
        ["-e", "process.stdout.write(require('crypto').createHash('sha256').update(require('fs').readFileSync(0)).digest('hex'))"],
        {
          input: bytes,
        },
      ).toString();
      writeFileSync(join(layout.pendingDir, `${digest}.json`), bytes);
    }
    const before = snapshot(dir);
    const result = shoulders(["integrate", "--json"], { cwd: dir, env });
    expect(result.code).toBe(1);
    const codes = (JSON.parse(result.stdout) as { rejected: { code: string }[] }).rejected.map((rejected) => rejected.code).sort();
    expect(codes).toEqual(["JSON_TOO_DEEP", "LINE_TOO_LONG"]);
    expect(snapshot(dir)).toBe(before);
  });

  it("params for record run: a FIFO, /dev/zero, 300 KiB, 10,000-deep JSON and YAML, and 200-deep JSON", async () => {
    const { dir, env } = await ledger(0);
    execFileSync("git", ["init", "-q", dir]);
    execFileSync("git", ["-C", dir, "-c", "user.name=A", "-c", "user.email=a@example.org", "commit", "-q", "--allow-empty", "-m", "init"]);
    mkdirSync(join(dir, "out"));
    writeFileSync(join(dir, "out", "model.bin"), "weights");
    execFileSync("mkfifo", [join(dir, "fifo.yaml")]);
    writeFileSync(join(dir, "big.yaml"), `lr: "${"x".repeat(300 * 1024)}"\n`);
    writeFileSync(join(dir, "deep.json"), `{"lr":${"[".repeat(10_000)}${"]".repeat(10_000)}}`);
    writeFileSync(join(dir, "deep.yaml"), `lr: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`);
    writeFileSync(join(dir, "mid.json"), `{"lr":${"[".repeat(200)}${"]".repeat(200)}}`);
    writeFileSync(join(dir, "latin1.yaml"), Buffer.from("lr: caf\xe9\n", "latin1"));
    const before = snapshot(dir);
    for (const [params, code] of [
      ["fifo.yaml", "UNSAFE_PATH"],
      ["/dev/zero", "UNSAFE_PATH"],
      ["big.yaml", "PARAMS_INVALID"],
      ["deep.json", "PARAMS_INVALID"],
      ["deep.yaml", "PARAMS_INVALID"],
      ["mid.json", "JSON_TOO_DEEP"],
      ["latin1.yaml", "PARAMS_INVALID"],
    ]) {
      const started = Date.now();
      expectRefused(
        shoulders(["record", "run", "--id", "r", "--output", "out", "--params", params as string, "--trainer", "github:t"], {
          cwd: dir,
          env,
        }),
        code as string,
      );
      expect(Date.now() - started).toBeLessThan(20_000);
    }
    expect(snapshot(dir)).toBe(before);
  });

  it("shoulders card: a 5 MiB card, a FIFO, deep YAML, and invalid UTF-8 that --write must not save as U+FFFD", async () => {
    const { dir, env } = await ledger(0);
    writeFileSync(join(dir, "w.bin"), "weights");
    expect(shoulders(["record", "release", ".", "--id", "acme/m", "--license", "mit"], { cwd: dir, env }).code).toBe(0);
    const cases: [string, string | Buffer | "fifo", string, number][] = [
      ["BIG.md", `---\nlicense: mit\n---\n${"x".repeat(5 << 20)}`, "CARD_INVALID", 3],
      ["FIFO.md", "fifo", "UNSAFE_PATH", 1],
      ["DEEP.md", `---\nlicense: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n---\n`, "CARD_INVALID", 3],
      ["BAD.md", Buffer.from("---\nlicense: mit\n---\n# Caf\xe9\n", "latin1"), "CARD_INVALID", 3],
    ];
    for (const [name, content, code, exit] of cases) {
      const path = join(dir, name);
      if (content === "fifo") execFileSync("mkfifo", [path]);
      else writeFileSync(path, content);
      const before = content === "fifo" ? undefined : readFileSync(path);
      expectRefused(shoulders(["card", name, "--artifact", "acme/m", "--write"], { cwd: dir, env }), code, exit);
      if (before !== undefined) expect(readFileSync(path).equals(before)).toBe(true);
    }
  });

  it("file names no manifest can hold (not UTF-8, a line break): hash and record dataset skip each, said on one line", async () => {
    const { dir, env } = await ledger(0);
    const data = join(dir, "data");
    mkdirSync(data);
    writeFileSync(join(data, "ok.txt"), "fine\n");
    writeFileSync(join(data, "two\nlines.txt"), "forged\n");
    // Linux names are bytes: write one that is not UTF-8, through a process that passes the bytes as they are.
    const made = spawnSync("sh", ["-c", `printf x > "$(printf 'data/caf\\351.txt')"`], { cwd: dir });
    expect(made.status).toBe(0);
    expect(readdirSync(data, { encoding: "buffer" }).some((name) => name.includes(0xe9))).toBe(true);
    const skipped = [
      `skipped "two\\nlines.txt": the name contains a line break, which the manifest's line format cannot hold`,
      "skipped caf\ufffd.txt: the name is not valid UTF-8",
    ];
    const hashed = shoulders(["hash", "data"], { cwd: dir });
    expect(hashed.code, hashed.stderr).toBe(0);
    expect(hashed.stderr.trim().split("\n")).toEqual(skipped);
    expect(hashed.stdout).toMatch(/^[0-9a-f]{64} 5 ok\.txt\nmanifest [0-9a-f]{64} \(1 files, 5 bytes\)\n$/);
    const recorded = shoulders(["record", "dataset", "data", "--id", "acme/d"], { cwd: dir, env });
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stderr.trim().split("\n")).toEqual(skipped);
    expect(recorded.stdout).toContain("acme/d@1: 1 file, 1 record");
  });

  it("a dataset folder that is a symlink, to a folder elsewhere: hash and record dataset refuse it and record nothing", async () => {
    const { dir, env } = await ledger(0);
    const elsewhere = tempDir("shoulders-elsewhere-");
    cleanups.push(elsewhere.cleanup);
    writeFileSync(join(elsewhere.dir, "private-name.txt"), "private\n");
    symlinkSync(elsewhere.dir, join(dir, "data"));
    const before = snapshot(dir);
    for (const args of [
      ["hash", "data"],
      ["record", "dataset", "data", "--id", "acme/d"],
    ]) {
      const result = shoulders(args, { cwd: dir, env });
      expectRefused(result, "UNSAFE_PATH");
      expect(result.stderr).not.toContain("private-name");
    }
    expect(snapshot(dir)).toBe(before);
  });
});

describe("a signed release whose subjects climb out of the folder", () => {
  it("verify --dir --release reads nothing outside and never reports such a subject as matched", async () => {
    const { dir, env } = await ledger(0);
    // A file outside the folder, whose digest the hostile release signs under several spellings of its path.
    const outside = join(dir, "..", `${dir.split("/").pop()}-outside.bin`);
    writeFileSync(outside, "secret");
    cleanups.push(() => rmSync(outside, { force: true }));
    writeFileSync(join(dir, "w.bin"), "weights");
    const sha = (text: string) =>
      execFileSync("node", [
        "-e",
        "process.stdout.write(require('crypto').createHash('sha256').update(process.argv[1]).digest('hex'))",
        text,
      ]).toString();
    const names = [`../${outside.split("/").pop()}`, outside, "..\\x.bin", "a\u0000b", ".attribution/trust.json", "./w.bin"];
    const statement = {
      _type: "https://in-toto.io/Statement/v1",
      subject: [
        { name: "manifest", digest: { sha256: sha(`${sha("weights")} 7 w.bin\n`) } },
        ...names.map((name) => ({ name, digest: { sha256: sha("secret") } })),
      ],
      predicateType: "https://shoulders.dev/attribution/release/v1",
      predicate: {
        id: "acme/m",
        license: "mit",
        baseModels: [],
        files: names.length,
        bytes: 6 * names.length,
        manifest: sha(`${sha("weights")} 7 w.bin\n`),
      },
    };
    writeFileSync(join(dir, "release.json"), JSON.stringify(statement));
    const appended = shoulders(["append", "release.json"], { cwd: dir, env });
    expect(appended.code, appended.stderr).toBe(0);
    rmSync(join(dir, "release.json"));

    const result = shoulders(["verify", "--release", "acme/m", "--json"], { cwd: dir });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { files: { ok: boolean; missing: string[]; changed: string[]; extra: string[] } };
    expect(report.files.ok).toBe(false);
    expect([...report.files.missing].sort()).toEqual([...names].sort());
    expect(report.files.changed).toEqual([]);
    expect(report.files.extra).toEqual(["w.bin"]);
    expect(existsSync(outside)).toBe(true);
  });
});

const cliAsync = (args: string[], cwd: string, extra: Record<string, string> = {}) =>
  shouldersAsync(args, { cwd, env: { HF_TOKEN: undefined, HF_ENDPOINT: undefined, ...extra } });

describe("Hub repositories whose listing climbs out", () => {
  it("hf verify, hf model and hf dataset refuse '..', absolute and backslash paths, and request nothing else", async () => {
    const hub = await FakeHub.start();
    cleanups.push(() => void hub.close());
    const { dir, env } = await ledger(0);
    const hostile = ["../../api/whoami-v2", "a/../../../api/whoami-v2", "/etc/passwd", "a\\..\\b"];
    for (const [index, path] of hostile.entries()) {
      hub.createRepo("model", `acme/evil${index}`, { "model.bin": "w", [path]: "x" });
      hub.createRepo("dataset", `acme/evil${index}`, { "data.jsonl": "{}\n", [path]: "x" });
    }
    // %2e%2e is a legal file name: it must be fetched as that name, never decoded into "..".
    hub.createRepo("dataset", "acme/encoded", { "%2e%2e/x.jsonl": "{}\n" });
    for (const index of hostile.keys()) {
      for (const args of [
        ["hf", "verify", `acme/evil${index}`],
        ["hf", "model", `acme/evil${index}`],
        ["hf", "dataset", `acme/evil${index}`],
      ]) {
        const result = await cliAsync([...args, "--hub-url", hub.url], dir, env);
        // A climbing path is UNSAFE_PATH (exit 1); the fake Hub lists "/etc/passwd" under a folder named "", which is IO_ERROR.
        if (args[1] !== "model") expect(result.stderr, result.stderr).toMatch(/^(UNSAFE_PATH|IO_ERROR): [^\n]*\n$/);
        // hf model reads only the card and repo info, never the listing; it must simply not crash.
        else expect([0, 1], result.stderr).toContain(result.code);
      }
    }
    const recorded = await cliAsync(["hf", "dataset", "acme/encoded", "--hub-url", hub.url], dir, env);
    expect(recorded.stderr).not.toMatch(/\n\s+at /);
    expect(hub.requestsTo(/^\/%2e%2e|\/\.\.\//i)).toEqual([]);
    for (const request of hub.requests) {
      expect(request.path, `${request.method} ${request.path}`).toMatch(
        /^\/(?:api\/(?:models|datasets)\/acme\/(?:evil\d|encoded)(?:\/|$)|(?:datasets\/)?acme\/(?:evil\d|encoded)\/resolve\/)/,
      );
      expect(request.path).not.toMatch(/whoami|\/etc\//);
    }
    // Only hf model (which reads no listing) and the encoded dataset were recorded, each path exactly as listed.
    expect(recorded.code, recorded.stderr).toBe(0);
    const result = verifyLedger({ dir, collect: true });
    expect(result.valid).toBe(true);
    const names = (result.statements ?? []).flatMap((entry) => entry.statement.subject.map((subject) => subject.name));
    expect(names).toContain("%2e%2e/x.jsonl");
    for (const name of names) expect(name).not.toMatch(/(^|\/)\.\.(\/|$)|^\/|\\/);
  });
});
