import { describe, expect, it } from "vitest";
import { fromBase64 } from "../bytes.js";
import { publicKeyFromSecret } from "../keys/generate-key.js";
import { appendNoteSignature, noteSignatureLine, signNote } from "./sign-note.js";
import { formatVerifierKey, parseVerifierKey } from "./verifier-key.js";
import { verifyNote } from "./verify-note.js";

// golang.org/x/mod/sumdb/note note_test.go TestSign: "PRIVATE+KEY+PeterNeumann+c74f20a3+<base64(0x01 ‖ seed)>".
const peterSeed = fromBase64("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz").subarray(1);
const peter = { name: "PeterNeumann", seed: peterSeed };
const text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const want = `${text}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

const code = (f: () => unknown) => {
  try {
    f();
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe("signNote", () => {
  it("reproduces Go's signed note byte for byte", () => {
    expect(signNote(text, peter)).toBe(want);
  });

  it("round-trips through verifyNote, including Unicode and inner blank lines", () => {
    const seed = new Uint8Array(32).fill(9);
    const key = parseVerifierKey(formatVerifierKey("log.example/ünï", publicKeyFromSecret(seed)));
    for (const body of ["\n", "one line\n", "a\n\nb\n", "a\n\n", "Ognuno sta solo sul cuor della terra\n— not a signature\n"]) {
      const note = signNote(body, { name: key.name, seed });
      expect(verifyNote(note, [key])).toMatchObject({ text: body, verifiedBy: [key.name], verifiedKeys: [key] });
    }
  });

  it("refuses text without a final newline, with CR or control characters, and bad names", () => {
    expect(code(() => signNote("abc", peter))).toBe("NOTE_MALFORMED");
    expect(code(() => signNote("abc\r\n", peter))).toBe("NOTE_MALFORMED");
    expect(code(() => signNote("a\u0000b\n", peter))).toBe("NOTE_MALFORMED");
    expect(code(() => signNote(text, { name: "bad name", seed: peterSeed }))).toBe("BAD_ARGUMENT");
    expect(code(() => signNote(text, { name: "a+b", seed: peterSeed }))).toBe("BAD_ARGUMENT");
    expect(code(() => signNote(text, { name: "x", seed: new Uint8Array(31) }))).toBe("BAD_ARGUMENT");
  });
});

describe("appendNoteSignature", () => {
  it("adds a cosignature line that verifies alongside the first", () => {
    const witnessSeed = new Uint8Array(32).fill(4);
    const witness = parseVerifierKey(formatVerifierKey("witness.example/w1", publicKeyFromSecret(witnessSeed)));
    const peterKey = parseVerifierKey("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
    const note = appendNoteSignature(want, noteSignatureLine(text, { name: witness.name, seed: witnessSeed }));
    expect(note.startsWith(want)).toBe(true);
    expect(verifyNote(note, [peterKey, witness]).verifiedBy).toEqual(["PeterNeumann", "witness.example/w1"]);
  });

  it("refuses anything that is not exactly one signature line", () => {
    const line = noteSignatureLine(text, peter);
    expect(code(() => appendNoteSignature(want, line.slice(0, -1)))).toBe("NOTE_MALFORMED");
    expect(code(() => appendNoteSignature(want, line + line))).toBe("NOTE_MALFORMED");
    expect(code(() => appendNoteSignature(want, `\n${line}`))).toBe("NOTE_MALFORMED");
    expect(code(() => appendNoteSignature(want, "hello\n"))).toBe("NOTE_MALFORMED");
  });
});
