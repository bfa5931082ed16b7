import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { compareBytewise, type FileEntry, manifestDigest, manifestText } from "./manifest.js";

const H = (c: string) => c.repeat(64);
const entry = (path: string, size = 1, sha256 = H("a")): FileEntry => ({ path, size, sha256 });

describe("manifestText", () => {
  it("writes `<sha256> <size> <path>\\n` per file", () => {
    expect(manifestText([entry("data/b.jsonl", 12, H("b")), entry("a.txt", 0, H("0"))])).toBe(
      `${H("0")} 0 a.txt\n${H("b")} 12 data/b.jsonl\n`,
    );
  });

  it("sorts paths by their UTF-8 bytes, as LC_ALL=C sort does", () => {
    const paths = ["é", "a0", "a/b", "B", "a", "a-b", "😀", "\uff21"];
    const sorted = manifestText(paths.map((path) => entry(path)))
      .trimEnd()
      .split("\n")
      .map((line) => line.split(" ")[2]);
    // '-' (0x2d) < '/' (0x2f) < '0' (0x30); U+FF21 (EF BC A1) before U+1F600 (F0 ...), the reverse of UTF-16 order.
    expect(sorted).toEqual(["B", "a", "a-b", "a/b", "a0", "é", "\uff21", "😀"]);
    expect("😀" < "\uff21").toBe(true);
    expect(compareBytewise("\uff21", "😀")).toBeLessThan(0);
  });

  it("keeps the path's Unicode form as given (no NFC normalisation)", () => {
    const decomposed = "cafe\u0301";
    expect(manifestText([entry(decomposed)])).toBe(`${H("a")} 1 ${decomposed}\n`);
  });

  it.each([
    ["line\nbreak"],
    ["carriage\rreturn"],
    ["/etc/passwd"],
    ["a/../b"],
    [".."],
    ["./a"],
    ["a//b"],
    ["a/"],
    [""],
    ["dir\\file"],
    ["nul\0"],
    ["lone\ud800surrogate"],
  ])("refuses the path %j with BAD_ARGUMENT naming it", (path) => {
    expect(() => manifestText([entry("ok"), entry(path)])).toThrow(
      expect.objectContaining({ code: "BAD_ARGUMENT", message: expect.stringContaining(JSON.stringify(path)) }),
    );
  });

  it("refuses a path listed twice, a bad digest and a bad size", () => {
    expect(() => manifestText([entry("a"), entry("a", 2)])).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
    expect(() => manifestText([entry("a", 1, H("A"))])).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
    expect(() => manifestText([entry("a", -1)])).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
    expect(() => manifestText([entry("a", 1.5)])).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
  });
});

describe("manifestDigest", () => {
  it("is the SHA-256 of the manifest text", () => {
    const files = [entry("b", 2, H("2")), entry("a", 1, H("1"))];
    const expected = createHash("sha256")
      .update(`${H("1")} 1 a\n${H("2")} 2 b\n`)
      .digest("hex");
    expect(manifestDigest(files)).toBe(expected);
  });

  it("does not depend on the input order", () => {
    const files = ["x/y", "x-y", "é", "Z"].map((path, i) => entry(path, i, H(String(i))));
    expect(manifestDigest([...files].reverse())).toBe(manifestDigest(files));
  });
});
