import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  formatVerifierKey,
  parseTrust,
  parseVerifierKey,
  publicKeyFromSecret,
  ShouldersError,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  signCheckpoint,
  verifyCosignatures,
} from "@shoulders/ledger";
import { addCheckpoint, FileWitnessState, parseAddCheckpointRequest } from "@shoulders/witness";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";

const origin = "github.com/acme/sentiment/attribution";
const logSeed = new Uint8Array(32).fill(1);
const logKey = parseVerifierKey(formatVerifierKey(origin, publicKeyFromSecret(logSeed)));
const witnessSeed = new Uint8Array(32).fill(2);
const witnessKey = parseVerifierKey(
  formatVerifierKey("w.example/1", publicKeyFromSecret(witnessSeed), SIGNATURE_TYPE_COSIGNATURE_V1),
  SIGNATURE_TYPE_COSIGNATURE_V1,
);
const stateDir = mkdtempSync(join(tmpdir(), "witness-fuzz-"));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

function onlyCodedErrors(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    expect(error, String((error as Error)?.stack)).toBeInstanceOf(ShouldersError);
  }
}

const validNote = signCheckpoint(
  { origin, size: 3, rootHash: new Uint8Array(32).fill(7), extensions: [] },
  { name: origin, seed: logSeed },
);
/** Bodies near the valid shape, so the fuzzer reaches past the first line. */
const body = fc.oneof(
  fc.uint8Array({ maxLength: 600 }),
  fc
    .tuple(
      fc.oneof(fc.constant("old 0"), fc.constant("old 3"), fc.string({ maxLength: 20 })),
      fc.array(fc.oneof(fc.base64String({ minLength: 44, maxLength: 44 }), fc.string({ maxLength: 50 })), { maxLength: 5 }),
      fc.oneof(fc.constant(validNote), fc.string({ maxLength: 200 }), fc.constant(validNote.replace("\n3\n", "\n4\n"))),
    )
    .map(([old, proof, note]) => Buffer.from(`${old}\n${proof.map((line) => `${line}\n`).join("")}\n${note}`)),
);

describe("fuzzing the witness", () => {
  it("answers every add-checkpoint body with a tlog-witness status, never a crash, and cosigns only a signed checkpoint", () => {
    const config = {
      signer: { name: "w.example/1", seed: witnessSeed },
      logs: [{ origin, verifierKeys: [logKey] }],
      state: new FileWitnessState(stateDir),
    };
    fc.assert(
      fc.property(body, (input) => {
        onlyCodedErrors(() => parseAddCheckpointRequest(input));
        const reply = addCheckpoint(config, input);
        expect([200, 400, 403, 404, 409, 422]).toContain(reply.status);
        if (reply.status === 200) expect(Buffer.from(input).toString("utf8").endsWith(validNote)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it("checks cosignature lines on any note without a crash", () => {
    // Most lines carry the witness's real key ID, so they reach the signature check instead of being ignored.
    const line = fc
      .tuple(fc.constantFrom("w.example/1", "other"), fc.boolean(), fc.uint8Array({ minLength: 0, maxLength: 90 }))
      .map(([name, known, bytes]) => {
        const payload = known ? Buffer.concat([witnessKey.keyHash, bytes]) : Buffer.from(bytes);
        return `— ${name} ${payload.toString("base64")}\n`;
      });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 4 }), fc.oneof(fc.constant(validNote), fc.string({ maxLength: 100 })), (lines, note) => {
        onlyCodedErrors(() => verifyCosignatures(`${note}${lines.join("")}`, [witnessKey]));
      }),
      { numRuns: 1500 },
    );
  });

  it("reads trust.json witness lists of any shape as a root or a coded refusal", () => {
    const witness = fc.oneof(
      fc.record(
        {
          key: fc.oneof(fc.constant(witnessKey.text), fc.constant(logKey.text), fc.string()),
          url: fc.oneof(fc.webUrl(), fc.string(), fc.constant("file:///etc/passwd")),
        },
        { requiredKeys: ["key"] },
      ),
      fc.anything(),
    );
    fc.assert(
      fc.property(fc.oneof(fc.array(witness, { maxLength: 3 }), fc.anything()), (witnesses) => {
        const text = JSON.stringify({ version: 1, log: { origin, verifierKeys: [logKey.text] }, witnesses });
        onlyCodedErrors(() => parseTrust(text));
      }),
      { numRuns: 1000 },
    );
  });
});
