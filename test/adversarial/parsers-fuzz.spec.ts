import { run } from "@shoulders/cli";
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
        ),
      ),
      { maxLength: 6 },
    );
    await fc.assert(
      fc.asyncProperty(words, async (argv) => {
        const output: string[] = [];
        const code = await run(argv, {
          stdout: (text) => output.push(text),
          stderr: (text) => output.push(text),
          env: {},
          cwd: "/nonexistent-shoulders-dir",
          interactive: false,
        });
        expect([0, 1, 2, 3]).toContain(code);
        expect(output.join("")).not.toMatch(/\n\s+at /);
      }),
      { numRuns: 300 },
    );
  });
});
