import { describe, expect, it } from "vitest";
import { fromBase64, toBase64 } from "../bytes.js";
import { type Checkpoint, formatCheckpointBody, parseCheckpointBody } from "./checkpoint.js";

const root = fromBase64("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
// c2sp.org/tlog-checkpoint example body.
const example = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

const code = (f: () => unknown) => {
  try {
    f();
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code;
  }
};
const body = (size: string, rootLine = toBase64(root), rest = "") => `log.example/x\n${size}\n${rootLine}\n${rest}`;

describe("checkpoint body", () => {
  it("parses the C2SP example and formats it back byte for byte", () => {
    const cp = parseCheckpointBody(example);
    expect(cp).toEqual({ origin: "example.com/behind-the-sofa", size: 20852163, rootHash: root, extensions: [] });
    expect(formatCheckpointBody(cp)).toBe(example);
  });

  it("round-trips, keeping extension lines in order", () => {
    const cp: Checkpoint = {
      origin: "github.com/o/r/attribution",
      size: 0,
      rootHash: new Uint8Array(32),
      extensions: ["a b", "c"],
    };
    const text = formatCheckpointBody(cp);
    expect(text).toBe(`github.com/o/r/attribution\n0\n${"A".repeat(43)}=\na b\nc\n`);
    expect(parseCheckpointBody(text)).toEqual(cp);
  });

  it("accepts sizes up to 2^53 − 1 and reports larger ones up to 2^63 − 1 as CHECKPOINT_TOO_LARGE", () => {
    expect(parseCheckpointBody(body(String(Number.MAX_SAFE_INTEGER))).size).toBe(Number.MAX_SAFE_INTEGER);
    expect(code(() => parseCheckpointBody(body("9007199254740992")))).toBe("CHECKPOINT_TOO_LARGE");
    expect(code(() => parseCheckpointBody(body("9223372036854775807")))).toBe("CHECKPOINT_TOO_LARGE");
  });

  it("refuses sizes above 2^63 − 1, including a 40-digit one, as CHECKPOINT_MALFORMED", () => {
    expect(code(() => parseCheckpointBody(body("9223372036854775808")))).toBe("CHECKPOINT_MALFORMED");
    expect(code(() => parseCheckpointBody(body("9999999999999999999")))).toBe("CHECKPOINT_MALFORMED");
    expect(code(() => parseCheckpointBody(body("1".repeat(40))))).toBe("CHECKPOINT_MALFORMED");
    expect(code(() => parseCheckpointBody(body("9".repeat(1_000_000))))).toBe("CHECKPOINT_MALFORMED");
  });

  it("refuses leading zeros, signs, spaces and non-digits in the size", () => {
    for (const size of ["00", "01", "007", "+1", "-1", " 1", "1 ", "1e3", "0x10", "١", ""]) {
      expect(
        code(() => parseCheckpointBody(body(size))),
        JSON.stringify(size),
      ).toBe("CHECKPOINT_MALFORMED");
    }
  });

  it("refuses a root hash that is not canonical base64 of exactly 32 bytes", () => {
    for (const rootLine of [
      toBase64(root.subarray(0, 31)),
      toBase64(new Uint8Array(33)),
      toBase64(root).slice(0, -1), // unpadded
      toBase64(root).replace(/=$/, "J="), // wrong padding position
      "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=", // non-canonical final bits
      "",
    ]) {
      expect(
        code(() => parseCheckpointBody(body("1", rootLine))),
        rootLine,
      ).toBe("CHECKPOINT_MALFORMED");
    }
  });

  it("refuses a missing line, an empty origin, empty extension lines, CR and a missing final newline", () => {
    const bad = [
      "log.example/x\n1\n",
      `\n1\n${toBase64(root)}\n`,
      body("1", toBase64(root), "\n"),
      body("1", toBase64(root), "ext\n\n"),
      `log.example/x\r\n1\n${toBase64(root)}\n`,
      body("1").slice(0, -1),
      "",
    ];
    for (const text of bad)
      expect(
        code(() => parseCheckpointBody(text)),
        JSON.stringify(text),
      ).toBe("CHECKPOINT_MALFORMED");
  });

  it("refuses to format what it would refuse to parse", () => {
    const ok: Checkpoint = { origin: "o", size: 1, rootHash: root, extensions: [] };
    expect(code(() => formatCheckpointBody({ ...ok, origin: "" }))).toBe("CHECKPOINT_MALFORMED");
    expect(code(() => formatCheckpointBody({ ...ok, origin: "a\nb" }))).toBe("CHECKPOINT_MALFORMED");
    expect(code(() => formatCheckpointBody({ ...ok, size: -1 }))).toBe("CHECKPOINT_MALFORMED");
    expect(code(() => formatCheckpointBody({ ...ok, size: 1.5 }))).toBe("CHECKPOINT_MALFORMED");
    expect(code(() => formatCheckpointBody({ ...ok, extensions: [""] }))).toBe("CHECKPOINT_MALFORMED");
    expect(code(() => formatCheckpointBody({ ...ok, rootHash: new Uint8Array(31) }))).toBe("BAD_ARGUMENT");
  });
});
