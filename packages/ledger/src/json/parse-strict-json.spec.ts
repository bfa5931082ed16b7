import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ShouldersError } from "../errors.js";
import { parseStrictJson } from "./parse-strict-json.js";

/** The code of the ShouldersError `run` throws; any other outcome fails the test. */
function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ShouldersError) return error.code;
    throw error;
  }
  throw new Error("expected a ShouldersError, but nothing was thrown");
}

const bytes = (...values: number[]) => new Uint8Array(values);

describe("parseStrictJson: valid input", () => {
  const corpus = [
    "null",
    "true",
    "false",
    "0",
    "-0",
    "1.5e10",
    "-12.25E-3",
    "1E+2",
    "123456789012345678",
    '""',
    '"plain"',
    '"\\" \\\\ \\/ \\b \\f \\n \\r \\t"',
    '"\\u00e9\\u20AC\\ud83d\\ude00 mixed \\u0000"',
    '"é € 😀 raw"',
    "[]",
    "{}",
    "[1,[2,[3,[]]],{}]",
    '{"a":{"b":{"c":[true,false,null]}},"d":"e"}',
    ' \t\r\n{ "a" : [ 1 , 2 ] }\n ',
    '{"constructor":1,"toString":2,"hasOwnProperty":3}',
  ];
  it.each(corpus)("parses %s like JSON.parse", (text) => {
    expect(parseStrictJson(text)).toStrictEqual(JSON.parse(text));
    expect(parseStrictJson(new TextEncoder().encode(text))).toStrictEqual(JSON.parse(text));
  });

  it("keeps -0 and exact doubles", () => {
    expect(Object.is(parseStrictJson("-0"), -0)).toBe(true);
    expect(parseStrictJson("1.5e10")).toBe(15_000_000_000);
    expect(parseStrictJson("0.1")).toBe(0.1);
    expect(parseStrictJson("1.7976931348623157e308")).toBe(Number.MAX_VALUE);
  });

  it("unescapes only where a backslash is, and keeps slices otherwise", () => {
    expect(parseStrictJson('["ab\\ncd","\\\\","x\\"y"]')).toEqual(["ab\ncd", "\\", 'x"y']);
  });

  it("allows exactly maxDepth levels", () => {
    const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
    expect(() => parseStrictJson(deep(64))).not.toThrow();
    expect(codeOf(() => parseStrictJson(deep(65)))).toBe("JSON_TOO_DEEP");
    expect(parseStrictJson('{"a":1}', { maxDepth: 1 })).toEqual({ a: 1 });
    expect(codeOf(() => parseStrictJson('{"a":[]}', { maxDepth: 1 }))).toBe("JSON_TOO_DEEP");
    expect(parseStrictJson("7", { maxDepth: 0 })).toBe(7);
  });
});

describe("parseStrictJson: invalid input, by code", () => {
  const invalidJson = [
    ["empty input", ""],
    ["whitespace only", "  "],
    ["BOM", "\uFEFF{}"],
    ["trailing comma in array", "[1,2,]"],
    ["trailing comma in object", '{"a":1,}'],
    ["leading zero", "01"],
    ["negative leading zero", "-01"],
    ["plus sign", "+1"],
    ["bare dot", ".5"],
    ["trailing dot", "1."],
    ["empty exponent", "1e"],
    ["signed empty exponent", "1e+"],
    ["hex number", "0x10"],
    ["NaN", "NaN"],
    ["Infinity", "Infinity"],
    ["overflowing number", "1e400"],
    ["overflowing negative number", "-1e400"],
    ["single quotes", "'a'"],
    ["unquoted name", "{a:1}"],
    ["missing colon", '{"a" 1}'],
    ["missing value", '{"a":}'],
    ["missing comma", "[1 2]"],
    ["unterminated string", '"abc'],
    ["unterminated array", "[1"],
    ["unterminated object", '{"a":1'],
    ["raw newline in string", '"a\nb"'],
    ["raw tab in string", '"a\tb"'],
    ["bad escape", '"\\x"'],
    ["short \\u escape", '"\\u12"'],
    ["non-hex \\u escape", '"\\u12G4"'],
    ["lone high surrogate", '"\\ud800"'],
    ["lone low surrogate", '"\\udc00"'],
    ["high surrogate then non-surrogate", '"\\ud800\\u0041"'],
    ["reversed surrogates", '"\\udc00\\ud800"'],
    ["high surrogate then raw text", '"\\ud83dx"'],
    ["two values", "1 2"],
    ["data after value", "{}x"],
    ["truncated literal", "tru"],
    ["capitalised literal", "True"],
    ["comment", "[1/*c*/]"],
    ["close without open", "]"],
    ["mismatched close", "[1}"],
    ["non-string name", "{1:2}"],
  ] as const;
  it.each(invalidJson)("INVALID_JSON: %s", (_name, text) => {
    expect(codeOf(() => parseStrictJson(text))).toBe("INVALID_JSON");
  });

  it("says where, in one line", () => {
    try {
      parseStrictJson('{"a":[1,2,]}');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ShouldersError);
      expect((error as Error).message).toBe('JSON text: unexpected "]" at character 10');
    }
    expect(() => parseStrictJson('"a\nb"', { what: "entry 7" })).toThrow(/^entry 7: .*U\+000A.* at character 2$/);
  });

  it("DUPLICATE_MEMBER, also when equal only after unescaping", () => {
    expect(codeOf(() => parseStrictJson('{"a":1,"a":2}'))).toBe("DUPLICATE_MEMBER");
    expect(codeOf(() => parseStrictJson('{"a":1,"\\u0061":2}'))).toBe("DUPLICATE_MEMBER");
    expect(codeOf(() => parseStrictJson('{"\\u00e9":1,"é":2}'))).toBe("DUPLICATE_MEMBER");
    expect(codeOf(() => parseStrictJson('{"x":{"a":1,"b":{},"a":1}}'))).toBe("DUPLICATE_MEMBER");
    expect(codeOf(() => parseStrictJson('{"__proto__":1,"__proto__":2}'))).toBe("DUPLICATE_MEMBER");
    // The same name in sibling objects is not a duplicate.
    expect(parseStrictJson('[{"a":1},{"a":2}]')).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it("INVALID_UTF8 for malformed bytes", () => {
    const quoted = (...inner: number[]) => bytes(0x22, ...inner, 0x22);
    expect(codeOf(() => parseStrictJson(quoted(0xc0, 0xaf)))).toBe("INVALID_UTF8"); // overlong "/"
    expect(codeOf(() => parseStrictJson(quoted(0xe0, 0x80, 0xaf)))).toBe("INVALID_UTF8"); // overlong, 3 bytes
    expect(codeOf(() => parseStrictJson(quoted(0x80)))).toBe("INVALID_UTF8"); // lone continuation byte
    expect(codeOf(() => parseStrictJson(quoted(0xed, 0xa0, 0x80)))).toBe("INVALID_UTF8"); // U+D800 as UTF-8
    expect(codeOf(() => parseStrictJson(quoted(0xf4, 0x90, 0x80, 0x80)))).toBe("INVALID_UTF8"); // above U+10FFFF
    expect(codeOf(() => parseStrictJson(quoted(0xe2, 0x82)))).toBe("INVALID_UTF8"); // truncated sequence
    expect(codeOf(() => parseStrictJson(bytes(0xff)))).toBe("INVALID_UTF8");
    // A JS string holding a lone surrogate has no UTF-8 form either.
    expect(codeOf(() => parseStrictJson('"\ud800"'))).toBe("INVALID_UTF8");
  });

  it("INVALID_JSON, not INVALID_UTF8, for a UTF-8 BOM", () => {
    expect(codeOf(() => parseStrictJson(bytes(0xef, 0xbb, 0xbf, 0x7b, 0x7d)))).toBe("INVALID_JSON");
  });

  it("NOT_COMPACT for any whitespace when compact", () => {
    for (const text of [' {"a":1}', '{"a":1} ', '{ "a":1}', '{"a" :1}', '{"a": 1}', "[1,\t2]", "[1\n]", "[1\r]"]) {
      expect(codeOf(() => parseStrictJson(text, { compact: true }))).toBe("NOT_COMPACT");
      expect(() => parseStrictJson(text)).not.toThrow();
    }
    // Spaces inside strings are content, not whitespace between tokens.
    expect(parseStrictJson('{"a b":" c "}', { compact: true })).toEqual({ "a b": " c " });
  });

  it("JSON_TOO_DEEP for 200,000 levels, quickly and without a stack overflow", () => {
    const n = 200_000;
    const cases = [
      "[".repeat(n) + "]".repeat(n),
      `${'{"a":'.repeat(n)}1${"}".repeat(n)}`,
      '[{"a":'.repeat(n), // unterminated as well: depth is found first
    ];
    for (const text of cases) {
      const started = performance.now();
      expect(codeOf(() => parseStrictJson(text))).toBe("JSON_TOO_DEEP");
      expect(performance.now() - started).toBeLessThan(100);
    }
    // With the limit lifted, 200,000 levels still parse: the parser never recurses.
    const deep = parseStrictJson(cases[0] as string, { maxDepth: n }) as unknown[];
    expect(Array.isArray(deep[0])).toBe(true);
    expect(parseStrictJson(cases[1] as string, { maxDepth: n })).toHaveProperty("a.a.a");
    expect(codeOf(() => parseStrictJson(cases[2] as string, { maxDepth: 2 * n }))).toBe("INVALID_JSON");
  });

  it("BAD_ARGUMENT for input that is neither bytes nor a string", () => {
    expect(codeOf(() => parseStrictJson(42 as unknown as string))).toBe("BAD_ARGUMENT");
  });
});

describe("parseStrictJson: __proto__", () => {
  it("makes __proto__ an ordinary own member, as JSON.parse does", () => {
    const value = parseStrictJson('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__", "a"]);
    expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.value).toEqual({ polluted: true });
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(value).toStrictEqual(JSON.parse('{"__proto__":{"polluted":true},"a":1}'));
  });

  it("and zod still parses such objects, without copying __proto__ through", () => {
    const value = parseStrictJson('{"__proto__":{"polluted":true},"a":1}');
    expect(z.object({ a: z.number() }).parse(value)).toEqual({ a: 1 });
    const loose = z.looseObject({ a: z.number() }).parse(value) as Record<string, unknown>;
    expect(loose.polluted).toBeUndefined();
    expect(Object.getPrototypeOf(loose)).toBe(Object.prototype);
    expect(z.strictObject({ a: z.number() }).safeParse(value).success).toBe(false);
  });
});

describe("parseStrictJson: properties", () => {
  it("agrees with JSON.parse on any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(parseStrictJson(text)).toStrictEqual(JSON.parse(text));
        expect(parseStrictJson(text, { compact: true, maxDepth: 1_000 })).toStrictEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it("agrees with JSON.stringify(…, 2) when whitespace is allowed", () => {
    fc.assert(
      fc.property(fc.jsonValue({ depthSize: "small" }), (value) => {
        const text = JSON.stringify(value, null, 2);
        expect(parseStrictJson(text)).toStrictEqual(JSON.parse(text));
      }),
      { numRuns: 200 },
    );
  });

  it("returns a value or throws a ShouldersError for arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (input) => {
        try {
          parseStrictJson(input);
        } catch (error) {
          expect(error).toBeInstanceOf(ShouldersError);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  // Random sequences of JSON's own characters reach far deeper into the grammar than random bytes do.
  const jsonish = fc
    .array(fc.constantFrom(...'{}[],:"\\ \n0123456789-+.eEtruefalsnl_ux'.split(""), "\\u", "\\ud83d", "\\ude00", "é"), {
      maxLength: 40,
    })
    .map((parts) => parts.join(""));

  it("accepts only what JSON.parse accepts, and reads it the same way", () => {
    fc.assert(
      fc.property(jsonish, (text) => {
        let ours: unknown;
        try {
          ours = parseStrictJson(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ShouldersError);
          return;
        }
        expect(ours).toStrictEqual(JSON.parse(text));
      }),
      { numRuns: 5_000 },
    );
  });

  it("refuses everything JSON.parse refuses", () => {
    fc.assert(
      fc.property(jsonish, (text) => {
        let accepted = true;
        try {
          JSON.parse(text);
        } catch {
          accepted = false;
        }
        fc.pre(!accepted);
        expect(codeOf(() => parseStrictJson(text))).toMatch(/^(INVALID_JSON|INVALID_UTF8|JSON_TOO_DEEP)$/);
      }),
      { numRuns: 5_000 },
    );
  });
});
