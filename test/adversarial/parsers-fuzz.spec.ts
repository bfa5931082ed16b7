import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HELP, type Io, run } from "@shoulders/cli";
import { renderCard } from "@shoulders/hf";
import { openCheckpoint, parseEnvelope, parseNote, parseStatement, parseStrictJson, parseTrust, ShouldersError } from "@shoulders/ledger";
import { parseLicense } from "@shoulders/license";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

/** Every parser takes attacker input: it returns a value or throws a coded ShouldersError, never anything else. */
function onlyCodedErrors(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    expect(error, String((error as Error)?.stack)).toBeInstanceOf(ShouldersError);
  }
}

const bytes = fc.uint8Array({ maxLength: 512 });
const jsonish = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.json({ maxDepth: 4 }),
  fc.constantFrom(
    '{"payloadType":"application/vnd.in-toto+json","payload":"e30=","signatures":[{"keyid":"',
    '{"_type":"https://in-toto.io/Statement/v1","subject":[',
    '{"version":1,"log":{"origin":"x","verifierKeys":["',
  ),
);
const trust = { origin: "example.org/log", verifierKeys: [] };

/**
 * "constructor", "__proto__", "toString", …: every plain object answers to these, so a table lookup that forgets
 * Object.hasOwn finds a function where it expected undefined. Random strings almost never hit them.
 */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

/** Runs one command line in-process; stderr apart, for the one-line check. */
async function runCli(argv: string[], cwd: string, env: Record<string, string> = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: Io = { stdout: (text) => stdout.push(text), stderr: (text) => stderr.push(text), env, cwd, interactive: false };
  const code = await run(argv, io);
  return { code, stdout: stdout.join(""), stderr: stderr.join("") };
}

describe("fuzzing the parsers with fast-check", () => {
  it("log lines and statements", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          bytes,
          jsonish.map((text) => Buffer.from(text)),
        ),
        (input) => {
          onlyCodedErrors(() => parseEnvelope(input, { compact: true }));
          onlyCodedErrors(() => parseStatement(input));
          onlyCodedErrors(() => parseStrictJson(input));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("checkpoints and signed notes", () => {
    const note = fc
      .tuple(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), fc.string({ maxLength: 60 }), fc.string({ maxLength: 80 }))
      .map(([origin, size, root, signature]) => `${origin}\n${size}\n${root}\n\n— ${signature}\n`);
    fc.assert(
      fc.property(
        fc.oneof(
          bytes,
          note.map((text) => Buffer.from(text)),
        ),
        (input) => {
          onlyCodedErrors(() => parseNote(input));
          onlyCodedErrors(() => openCheckpoint(input, trust));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("trust.json", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          bytes,
          jsonish.map((text) => Buffer.from(text)),
        ),
        (input) => onlyCodedErrors(() => parseTrust(input)),
      ),
      { numRuns: 2000 },
    );
  });

  it("license expressions", () => {
    const expression = fc
      .array(
        fc.constantFrom(
          "MIT",
          "Apache-2.0",
          "OR",
          "AND",
          "WITH",
          "(",
          ")",
          "+",
          "cc-by-nc-4.0",
          "LicenseRef-x",
          "Classpath-exception-2.0",
          "llama3.1",
          " ",
        ),
        { maxLength: 12 },
      )
      .map((parts) => parts.join(" "));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 600 }), expression), (input) => onlyCodedErrors(() => parseLicense(input))),
      { numRuns: 2000 },
    );
  });

  it("model cards", () => {
    const update = {
      metadata: {
        license: "apache-2.0",
        attribution: { origin: "example.org/log", treeSize: 3, rootHash: "AAAA", entry: 1, artifact: "acme/m" },
      },
      sections: { licenseAtAGlance: "| a | b |", lineage: "```mermaid\nflowchart TD\n```" },
    };
    const card = fc
      .tuple(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }))
      .map(([front, body]) => `---\n${front}\n---\n${body}`);
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), card), (input) =>
        onlyCodedErrors(() => renderCard(input, update as Parameters<typeof renderCard>[1])),
      ),
      { numRuns: 1000 },
    );
  });

  it("command lines: every argument vector gives an exit code, never a crash", async () => {
    const words = fc.array(
      fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.constantFrom(
          "verify",
          "log",
          "prove",
          "split",
          "record",
          "license",
          "trust",
          "--json",
          "--dir",
          "--amount",
          "-1",
          "1e3",
          "--period",
          "../x",
          ...PROTOTYPE_NAMES,
        ),
      ),
      { maxLength: 6 },
    );
    await fc.assert(
      fc.asyncProperty(words, async (argv) => {
        const { code, stdout, stderr } = await runCli(argv, "/nonexistent-shoulders-dir");
        expect([0, 1, 2, 3]).toContain(code);
        expect(stdout + stderr).not.toMatch(/\n\s+at /);
      }),
      { numRuns: 300 },
    );
  });

  it("command lines: Object.prototype names as commands, subcommands, option names and option values", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shoulders-fuzz-"));
    try {
      // A real ledger, so that commands get past "no ledger here" to their own lookups; the Hub is a closed port.
      const env: Record<string, string> = { HF_ENDPOINT: "http://127.0.0.1:9" };
      expect((await runCli(["keygen", "--out", "log.key"], dir, env)).code).toBe(0);
      env.SHOULDERS_SIGNING_KEY = readFileSync(join(dir, "log.key"), "utf8").trim();
      expect((await runCli(["init", "--origin", "example.org/log"], dir, env)).code).toBe(0);

      // Commands, subcommands and options as the help texts list them, so a new one is covered without editing this.
      const commands = [...HELP.matchAll(/^ {2}([a-z]+) /gm)].map((match) => match[1] as string);
      expect(commands).toContain("record");
      for (const name of PROTOTYPE_NAMES) {
        const top = await runCli([name], dir, env);
        expect([top.code, top.stderr]).toEqual([2, `USAGE: unknown command "${name}"; run shoulders --help for the list\n`]);
      }
      for (const command of commands.filter((command) => command !== "demo")) {
        const help = (await runCli([command, "--help"], dir, env)).stdout;
        const subcommands = help.match(/^Usage: shoulders [a-z]+ <([a-z|]+)>/)?.[1]?.split("|") ?? [];
        const options = [...new Set([...help.matchAll(/--([a-z][a-z-]*) (?:[A-Z]|[a-z]+\|)/g)].map((match) => match[1] as string))];
        const heads = subcommands.length === 0 ? [[command]] : subcommands.map((sub) => [command, sub]);
        for (const name of PROTOTYPE_NAMES) {
          const lines = [
            [command, name],
            [command, `--${name}`],
          ];
          for (const head of heads) {
            lines.push([...head, name], [...head, `--${name}`, "x"]);
            for (const option of options) lines.push([...head, `--${option}`, name], [...head, name, `--${option}`, name]);
          }
          for (const argv of lines) {
            const { code, stderr } = await runCli(argv, dir, env);
            expect([0, 1, 2, 3], `${JSON.stringify(argv)}: ${stderr}`).toContain(code);
            expect(stderr, JSON.stringify(argv)).not.toMatch(/^INTERNAL: |\n\s+at /m);
          }
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
