import { describe, expect, it } from "vitest";
import { fromHex, toBase64 } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { formatSecretKey, parseSecretKey } from "./secret-key.js";

const seed = fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
const text = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";

function codeAndMessage(input: string): { code: string; message: string } {
  try {
    parseSecretKey(input);
  } catch (error) {
    if (!(error instanceof ShouldersError)) throw error;
    return { code: error.code, message: `${error.message} ${String(error.cause ?? "")}` };
  }
  throw new Error("expected parseSecretKey to throw");
}

describe("secret keys", () => {
  it("formats as standard base64 of the seed and parses back", () => {
    expect(formatSecretKey(seed)).toBe(text);
    expect(parseSecretKey(text)).toEqual(seed);
  });

  it("tolerates surrounding whitespace and a trailing newline, as files from `cat` have", () => {
    expect(parseSecretKey(`${text}\n`)).toEqual(seed);
    expect(parseSecretKey(`  ${text}\r\n`)).toEqual(seed);
  });

  it("refuses bad input with KEY_INVALID and never echoes it", () => {
    const bad = [
      text.slice(0, -1), // unpadded
      `${text.slice(0, 10)} ${text.slice(10)}`, // inner space
      text.replace("/", "_"), // base64url alphabet
      "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2B=", // non-canonical final bits
      toBase64(new Uint8Array(64).fill(7)), // a 64-byte expanded key
      toBase64(seed.subarray(0, 31)),
      "",
    ];
    for (const input of bad) {
      const { code, message } = codeAndMessage(input);
      expect(code).toBe("KEY_INVALID");
      for (const fragment of [input.trim().slice(0, 12), text.slice(0, 12)].filter((f) => f.length >= 8)) {
        expect(message).not.toContain(fragment);
      }
    }
  });

  it("refuses to format a seed of the wrong length", () => {
    expect(() => formatSecretKey(new Uint8Array(64))).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
  });
});
