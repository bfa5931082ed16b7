import { describe, expect, it } from "vitest";
import { utf8 } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { encodeStatement, MAX_SUBJECTS, parseStatement, STATEMENT_TYPE, type Statement, statementJsonSchema } from "./statement.js";

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ShouldersError) return error.code;
    throw error;
  }
  throw new Error("expected a ShouldersError, but nothing was thrown");
}

const SHA256 = "0123456789abcdef".repeat(4);
const SHA512 = SHA256.repeat(2);
const SHA1 = "0123456789abcdef01234567890abcdef0123456";

function valid(): Record<string, unknown> {
  return {
    _type: STATEMENT_TYPE,
    subject: [
      { name: "manifest", digest: { sha256: SHA256 } },
      { name: "data/train.parquet", digest: { sha256: SHA256, sha512: SHA512 } },
    ],
    predicateType: "https://shoulders.dev/attribution/dataset/v1",
    predicate: { records: 10, nested: { list: [1, "two", null] } },
  };
}
const parse = (value: unknown) => parseStatement(utf8(JSON.stringify(value)));
const withDigest = (digest: unknown) => ({ ...valid(), subject: [{ name: "x", digest }] });

describe("parseStatement", () => {
  it("accepts a valid statement and returns its fields", () => {
    const statement = parse(valid());
    expect(statement._type).toBe(STATEMENT_TYPE);
    expect(statement.subject[1]?.digest.sha512).toBe(SHA512);
    expect(statement.predicate).toEqual({ records: 10, nested: { list: [1, "two", null] } });
  });

  it("accepts a statement without predicate, with unknown fields, and with other URIs as predicateType", () => {
    const { predicate: _, ...rest } = valid();
    expect(parse(rest).predicate).toBeUndefined();
    const extra = parse({
      ...valid(),
      futureField: [1],
      subject: [{ name: "a", digest: { sha256: SHA256 }, uri: "x" }],
    });
    expect(extra.subject).toHaveLength(1);
    expect(parse({ ...valid(), predicateType: "https://slsa.dev/provenance/v1" }).predicateType).toBe("https://slsa.dev/provenance/v1");
    expect(parse({ ...valid(), predicateType: "urn:example:predicate" }).predicateType).toBe("urn:example:predicate");
  });

  it("accepts gitCommit of 40 and 64 characters, and refuses 41", () => {
    expect(parse(withDigest({ gitCommit: SHA1 })).subject[0]?.digest.gitCommit).toBe(SHA1);
    expect(parse(withDigest({ gitCommit: SHA256 })).subject[0]?.digest.gitCommit).toBe(SHA256);
    expect(codeOf(() => parse(withDigest({ gitCommit: `${SHA1}a` })))).toBe("STATEMENT_INVALID");
    expect(codeOf(() => parse(withDigest({ gitCommit: SHA1.slice(1) })))).toBe("STATEMENT_INVALID");
  });

  it("accepts other algorithms with lowercase hex values", () => {
    expect(parse(withDigest({ sha1: SHA1, blake2b: SHA512 })).subject[0]?.digest).toEqual({
      sha1: SHA1,
      blake2b: SHA512,
    });
  });

  const invalid: [string, unknown][] = [
    ["not an object", [valid()]],
    ["null", null],
    ["a missing _type", { ...valid(), _type: undefined }],
    ["the v0.1 _type", { ...valid(), _type: "https://in-toto.io/Statement/v0.1" }],
    ["a missing subject", { ...valid(), subject: undefined }],
    ["an empty subject list", { ...valid(), subject: [] }],
    ["a subject that is not a list", { ...valid(), subject: { name: "a", digest: { sha256: SHA256 } } }],
    ["a subject without name", { ...valid(), subject: [{ digest: { sha256: SHA256 } }] }],
    ["a subject with an empty name", { ...valid(), subject: [{ name: "", digest: { sha256: SHA256 } }] }],
    ["a subject with a non-string name", { ...valid(), subject: [{ name: 1, digest: { sha256: SHA256 } }] }],
    ["a subject without digest", { ...valid(), subject: [{ name: "a" }] }],
    ["an empty digest set", withDigest({})],
    ["a digest set that is a list", withDigest([SHA256])],
    ["an uppercase sha256", withDigest({ sha256: SHA256.toUpperCase() })],
    ["a short sha256", withDigest({ sha256: SHA256.slice(2) })],
    ["a long sha256", withDigest({ sha256: `${SHA256}00` })],
    ["a prefixed sha256", withDigest({ sha256: `sha256:${SHA256}` })],
    ["a sha512 of sha256 length", withDigest({ sha512: SHA256 })],
    ["an uppercase unknown algorithm", withDigest({ sha1: SHA1.toUpperCase() })],
    ["an odd-length unknown algorithm", withDigest({ sha1: "abc" })],
    ["an empty unknown algorithm", withDigest({ sha1: "" })],
    ["a non-string digest", withDigest({ sha256: 7 })],
    ["a missing predicateType", { ...valid(), predicateType: undefined }],
    ["an empty predicateType", { ...valid(), predicateType: "" }],
    ["a predicateType that is not a URI", { ...valid(), predicateType: "dataset v1" }],
    ["a predicateType with surrounding whitespace", { ...valid(), predicateType: " https://x.dev/p\n" }],
    ["a predicate that is a list", { ...valid(), predicate: [1] }],
    ["a predicate that is null", { ...valid(), predicate: null }],
    ["a predicate that is a string", { ...valid(), predicate: "x" }],
  ];
  it.each(invalid)("STATEMENT_INVALID for %s", (_name, value) => {
    expect(codeOf(() => parse(value))).toBe("STATEMENT_INVALID");
  });

  it("says which field, in one line", () => {
    expect(() => parse(withDigest({ sha256: SHA256.toUpperCase() }))).toThrow(
      /^statement subject\[0\]\.digest\.sha256: sha256 must be 64 lowercase hex characters$/,
    );
  });

  it("TOO_MANY_SUBJECTS past 10,000, and 10,000 is fine", () => {
    const subject = { name: "f", digest: { sha256: SHA256 } };
    expect(parse({ ...valid(), subject: Array(MAX_SUBJECTS).fill(subject) }).subject).toHaveLength(MAX_SUBJECTS);
    expect(codeOf(() => parse({ ...valid(), subject: Array(MAX_SUBJECTS + 1).fill(subject) }))).toBe("TOO_MANY_SUBJECTS");
    // Counted before the shape is checked.
    expect(codeOf(() => parse({ ...valid(), subject: Array(MAX_SUBJECTS + 1).fill(0) }))).toBe("TOO_MANY_SUBJECTS");
  });

  it("passes JSON errors through with their own codes", () => {
    const text = JSON.stringify(valid());
    expect(codeOf(() => parseStatement(utf8(`${text.slice(0, -1)},"_type":"x"}`)))).toBe("DUPLICATE_MEMBER");
    expect(codeOf(() => parseStatement(utf8(text.slice(1))))).toBe("INVALID_JSON");
    expect(codeOf(() => parseStatement(new Uint8Array([0x7b, 0xc0, 0x80, 0x7d])))).toBe("INVALID_UTF8");
    const deep = `{"predicate":${'{"a":'.repeat(64)}1${"}".repeat(64)}}`;
    expect(codeOf(() => parseStatement(utf8(deep)))).toBe("JSON_TOO_DEEP");
    // Whitespace is allowed: the payload is base64 inside the line, and only the line must be compact.
    expect(parseStatement(utf8(JSON.stringify(valid(), null, 2))).subject).toHaveLength(2);
  });

  it("does not let a __proto__ member pollute Object.prototype or the result", () => {
    const text = JSON.stringify(valid())
      .replace("{", '{"__proto__":{"polluted":true},')
      .replace('"predicate":{', '"predicate":{"__proto__":{"polluted":true},')
      .replace('"digest":{', '"digest":{"__proto__":{"polluted":true},');
    const statement = parseStatement(utf8(text)) as Statement & { polluted?: unknown };
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(statement.polluted).toBeUndefined();
    expect(Object.getPrototypeOf(statement)).toBe(Object.prototype);
    expect((statement.predicate as { polluted?: unknown }).polluted).toBeUndefined();
    expect(statement.subject[0]?.digest).toEqual({ sha256: SHA256 });
    // And a digest set holding only __proto__ has no digest at all.
    expect(codeOf(() => parseStatement(utf8(JSON.stringify(withDigest({})).replace('"digest":{', '"digest":{"__proto__":"ab"'))))).toBe(
      "STATEMENT_INVALID",
    );
  });
});

describe("encodeStatement", () => {
  it("round-trips through parseStatement", () => {
    const statement = parse(valid());
    const bytes = encodeStatement(statement);
    expect(new TextDecoder().decode(bytes)).toBe(JSON.stringify(valid()));
    expect(parseStatement(bytes)).toEqual(statement);
  });

  it("refuses to encode what parseStatement would refuse", () => {
    const statement = parse(valid());
    expect(codeOf(() => encodeStatement({ ...statement, subject: [] }))).toBe("STATEMENT_INVALID");
    expect(codeOf(() => encodeStatement({ ...statement, predicate: { n: 1n } }))).toBe("STATEMENT_INVALID");
    expect(codeOf(() => encodeStatement(undefined as unknown as Statement))).toBe("STATEMENT_INVALID");
    // A lone surrogate has no UTF-8 form; JSON.stringify escapes it and the strict parser refuses the escape.
    expect(codeOf(() => encodeStatement({ ...statement, predicate: { s: "\ud800" } }))).toBe("INVALID_JSON");
  });
});

describe("statementJsonSchema", () => {
  it("describes the statement for other tools", () => {
    const schema = statementJsonSchema() as {
      $schema: string;
      required: string[];
      additionalProperties: unknown;
      properties: Record<string, { const?: string; format?: string; maxItems?: number; items?: unknown }>;
    };
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.required).toEqual(expect.arrayContaining(["_type", "subject", "predicateType"]));
    expect(schema.required).not.toContain("predicate");
    expect(schema.additionalProperties).toEqual({});
    expect(schema.properties._type?.const).toBe(STATEMENT_TYPE);
    expect(schema.properties.predicateType?.format).toBe("uri");
    expect(schema.properties.subject?.maxItems).toBe(MAX_SUBJECTS);
    expect(schema.properties.subject?.items).toMatchObject({
      required: ["name", "digest"],
      properties: { digest: { minProperties: 1, properties: { sha256: { pattern: "^[0-9a-f]{64}$" } } } },
    });
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});
