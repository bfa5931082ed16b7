import { generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { toBase64, utf8 } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { sha256Hex } from "../sha256.js";
import type { Signer } from "../signer.js";
import { type Envelope, IN_TOTO_PAYLOAD_TYPE, MAX_LINE_BYTES, MAX_SIGNATURES, parseEnvelope, serializeEnvelope } from "./envelope.js";
import { pae } from "./pae.js";
import { signEnvelope } from "./sign-envelope.js";

function nodeSigner(): Signer & { verify(message: Uint8Array, sig: Uint8Array): boolean } {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = new Uint8Array(Buffer.from(publicKey.export({ format: "jwk" }).x as string, "base64url"));
  return {
    keyid: sha256Hex(raw),
    publicKey: raw,
    sign: async (message) => new Uint8Array(nodeSign(null, message, privateKey)),
    verify: (message, sig) => nodeVerify(null, message, publicKey, sig),
  };
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ShouldersError) return error.code;
    throw error;
  }
  throw new Error("expected a ShouldersError, but nothing was thrown");
}

const KEYID_A = "a".repeat(64);
const KEYID_B = "b".repeat(64);
const SIG = toBase64(new Uint8Array(64).fill(7));
const PAYLOAD = toBase64(utf8('{"_type":"https://in-toto.io/Statement/v1"}'));

/** A well-formed envelope as a plain object, to break one rule at a time. */
function base(): Record<string, unknown> {
  return { payloadType: IN_TOTO_PAYLOAD_TYPE, payload: PAYLOAD, signatures: [{ keyid: KEYID_A, sig: SIG }] };
}
const line = (value: unknown) => JSON.stringify(value);
const parse = (value: unknown) => parseEnvelope(line(value), { compact: true });

describe("parseEnvelope and serializeEnvelope", () => {
  it("round-trips a signed envelope, and its signatures verify over PAE", async () => {
    const alice = nodeSigner();
    const bob = nodeSigner();
    const payload = utf8('{"_type":"https://in-toto.io/Statement/v1","subject":[]}');
    const envelope = await signEnvelope(payload, [alice, bob]);
    const text = serializeEnvelope(envelope);
    expect(text).toBe(
      `{"payloadType":"application/vnd.in-toto+json","payload":"${toBase64(payload)}","signatures":[` +
        `{"keyid":"${alice.keyid}","sig":"${envelope.signatures[0]?.sig}"},` +
        `{"keyid":"${bob.keyid}","sig":"${envelope.signatures[1]?.sig}"}]}`,
    );
    for (const input of [text, utf8(text)]) {
      const parsed = parseEnvelope(input, { compact: true });
      expect(parsed.envelope).toEqual(envelope);
      expect(parsed.payloadBytes).toEqual(payload);
      expect(parsed.signatures.map((s) => s.keyid)).toEqual([alice.keyid, bob.keyid]);
      const message = pae(IN_TOTO_PAYLOAD_TYPE, parsed.payloadBytes);
      expect(alice.verify(message, parsed.signatures[0]?.sig as Uint8Array)).toBe(true);
      expect(bob.verify(message, parsed.signatures[1]?.sig as Uint8Array)).toBe(true);
      expect(alice.verify(message, parsed.signatures[1]?.sig as Uint8Array)).toBe(false);
    }
  });

  it("serializes members in profile order whatever order the object has", () => {
    const shuffled = {
      signatures: [{ sig: SIG, keyid: KEYID_A }],
      payload: PAYLOAD,
      payloadType: IN_TOTO_PAYLOAD_TYPE,
    };
    expect(serializeEnvelope(shuffled)).toBe(line(base()));
    expect(serializeEnvelope(shuffled).endsWith("\n")).toBe(false);
  });

  it("refuses to serialize an envelope that a verifier would refuse", () => {
    expect(codeOf(() => serializeEnvelope({ ...(base() as Envelope), signatures: [] }))).toBe("MALFORMED_ENTRY");
    expect(codeOf(() => serializeEnvelope({ ...(base() as Envelope), payload: "QR==" }))).toBe("BASE64_INVALID");
    const huge = { ...(base() as Envelope), payload: toBase64(new Uint8Array(MAX_LINE_BYTES)) };
    expect(codeOf(() => serializeEnvelope(huge))).toBe("LINE_TOO_LONG");
  });

  it("accepts whitespace only when not compact (pending files), and never in log lines", () => {
    const pretty = JSON.stringify(base(), null, 2);
    expect(parseEnvelope(pretty, { compact: false }).envelope).toEqual(base());
    expect(codeOf(() => parseEnvelope(pretty, { compact: true }))).toBe("NOT_COMPACT");
    expect(codeOf(() => parseEnvelope(`${line(base())} `, { compact: true }))).toBe("NOT_COMPACT");
    expect(codeOf(() => parseEnvelope(`${line(base())}\r`, { compact: true }))).toBe("NOT_COMPACT");
    expect(codeOf(() => parseEnvelope(line(base()).replace(",", ", "), { compact: true }))).toBe("NOT_COMPACT");
  });

  it("refuses a 30 MB line before parsing it, fast", () => {
    const text = `{"payloadType":"${"x".repeat(30_000_000)}`;
    const bytes = utf8(text);
    const started = performance.now();
    expect(codeOf(() => parseEnvelope(text, { compact: true }))).toBe("LINE_TOO_LONG");
    expect(codeOf(() => parseEnvelope(bytes, { compact: true }))).toBe("LINE_TOO_LONG");
    expect(performance.now() - started).toBeLessThan(50);
  });

  it("measures the limit in bytes, inclusive", () => {
    const text = line(base());
    const padded = (size: number) => `{${" ".repeat(size - text.length)}${text.slice(1)}`;
    expect(parseEnvelope(padded(MAX_LINE_BYTES), { compact: false }).envelope).toEqual(base());
    expect(codeOf(() => parseEnvelope(padded(MAX_LINE_BYTES + 1), { compact: false }))).toBe("LINE_TOO_LONG");
    expect(codeOf(() => parseEnvelope(utf8(padded(MAX_LINE_BYTES + 1)), { compact: false }))).toBe("LINE_TOO_LONG");
    // Fewer characters than the limit, but more bytes: "é" is two bytes in UTF-8.
    expect(codeOf(() => parseEnvelope(`"${"é".repeat(MAX_LINE_BYTES / 2)}"`, { compact: false }))).toBe("LINE_TOO_LONG");
  });

  it("passes JSON-level errors through with their own codes", () => {
    expect(codeOf(() => parseEnvelope(line(base()).replace('"payload"', '"payload":"","payload"'), { compact: true }))).toBe(
      "DUPLICATE_MEMBER",
    );
    expect(codeOf(() => parseEnvelope(`${line(base()).slice(0, -1)},}`, { compact: true }))).toBe("INVALID_JSON");
    expect(codeOf(() => parseEnvelope(new Uint8Array([0x7b, 0xff, 0x7d]), { compact: true }))).toBe("INVALID_UTF8");
    expect(codeOf(() => parseEnvelope(`${"[".repeat(65)}${"]".repeat(65)}`, { compact: true }))).toBe("JSON_TOO_DEEP");
    expect(codeOf(() => parseEnvelope(42 as unknown as string, { compact: true }))).toBe("BAD_ARGUMENT");
  });

  const withSignature = (signature: unknown) => ({ ...base(), signatures: [signature] });
  const malformed: [string, unknown][] = [
    ["null", null],
    ["an array", [base()]],
    ["a string", "envelope"],
    ["a missing payloadType", { payload: PAYLOAD, signatures: base().signatures }],
    ["a missing payload", { payloadType: IN_TOTO_PAYLOAD_TYPE, signatures: base().signatures }],
    ["missing signatures", { payloadType: IN_TOTO_PAYLOAD_TYPE, payload: PAYLOAD }],
    ["an extra member", { ...base(), extra: 1 }],
    ["an extra __proto__ member", JSON.parse(`{"__proto__":{},${line(base()).slice(1)}`)],
    ["another payload type", { ...base(), payloadType: "application/json" }],
    ["a payload type in other case", { ...base(), payloadType: "application/vnd.in-toto+JSON" }],
    ["a payload that is not a string", { ...base(), payload: 7 }],
    ["signatures that are not an array", { ...base(), signatures: { keyid: KEYID_A, sig: SIG } }],
    ["zero signatures", { ...base(), signatures: [] }],
    ["a signature that is not an object", withSignature(SIG)],
    ["a signature with an extra member", withSignature({ keyid: KEYID_A, sig: SIG, publicKey: "" })],
    ["a signature without keyid", withSignature({ sig: SIG })],
    ["a signature without sig", withSignature({ keyid: KEYID_A })],
    ["an uppercase keyid", withSignature({ keyid: KEYID_A.toUpperCase(), sig: SIG })],
    ["a short keyid", withSignature({ keyid: KEYID_A.slice(1), sig: SIG })],
    ["a non-hex keyid", withSignature({ keyid: `${KEYID_A.slice(1)}g`, sig: SIG })],
    ["a 63-byte sig", withSignature({ keyid: KEYID_A, sig: toBase64(new Uint8Array(63)) })],
    ["a 65-byte sig", withSignature({ keyid: KEYID_A, sig: toBase64(new Uint8Array(65)) })],
    ["an empty sig", withSignature({ keyid: KEYID_A, sig: "" })],
    [
      "a duplicate keyid",
      {
        ...base(),
        signatures: [
          { keyid: KEYID_A, sig: SIG },
          { keyid: KEYID_A, sig: SIG },
        ],
      },
    ],
  ];
  it.each(malformed)("MALFORMED_ENTRY for %s", (_name, value) => {
    expect(codeOf(() => parse(value))).toBe("MALFORMED_ENTRY");
  });

  it("names the path in a one-line message", () => {
    expect(() => parse(withSignature({ keyid: KEYID_A.toUpperCase(), sig: SIG }))).toThrow(/^envelope signatures\[0\]\.keyid: /);
    expect(() => parse({ ...base(), "evil\nname": 1 })).toThrow(/^envelope: Unrecognized key: "evil\\u000aname"$/);
    try {
      parse({ ...base(), "evil\u2028line\u0000": 1 });
    } catch (error) {
      expect((error as Error).message).not.toMatch(/[\n\r\u2028\u2029]/);
      expect((error as Error).message).not.toContain("\u0000");
    }
  });

  it("TOO_MANY_SIGNATURES over 8, and 8 is fine", () => {
    const keyids = Array.from({ length: MAX_SIGNATURES + 1 }, (_, i) => sha256Hex(new Uint8Array([i])));
    const signatures = keyids.map((keyid) => ({ keyid, sig: SIG }));
    expect(parse({ ...base(), signatures: signatures.slice(0, MAX_SIGNATURES) }).signatures).toHaveLength(8);
    expect(codeOf(() => parse({ ...base(), signatures }))).toBe("TOO_MANY_SIGNATURES");
    // Counted before the shape is checked, so even junk entries are refused by count.
    expect(codeOf(() => parse({ ...base(), signatures: Array(10_000).fill(0) }))).toBe("TOO_MANY_SIGNATURES");
  });

  const notCanonical: [string, string][] = [
    ["non-zero padding bits (QR== for QQ==)", "QR=="],
    ["missing padding", "QQ"],
    ["URL-safe alphabet", "-_-_"],
    ["embedded newline", "QUJD\nREVG"],
    ["too much padding", "QQ==="],
  ];
  it.each(notCanonical)("BASE64_INVALID for a payload with %s", (_name, payload) => {
    expect(codeOf(() => parse({ ...base(), payload }))).toBe("BASE64_INVALID");
  });

  it("BASE64_INVALID for a sig with non-zero padding bits", () => {
    const sig = `${SIG.slice(0, -3)}x==`; // 64 bytes end in 4 spare bits: "x" sets them
    expect(Buffer.from(sig, "base64")).toHaveLength(64);
    expect(codeOf(() => parse(withSignature({ keyid: KEYID_A, sig })))).toBe("BASE64_INVALID");
    expect(() => parse({ ...base(), payload: "QQ==" })).not.toThrow();
  });

  it("accepts an empty payload and keeps unknown keyids (the verifier decides about them)", () => {
    const parsed = parse({ ...base(), payload: "", signatures: [{ keyid: KEYID_B, sig: SIG }] });
    expect(parsed.payloadBytes).toHaveLength(0);
    expect(parsed.signatures[0]?.sig).toEqual(new Uint8Array(64).fill(7));
  });
});
