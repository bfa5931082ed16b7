import { describe, expect, it } from "vitest";
import { toHex, utf8 } from "../bytes.js";
import { parseVerifierKey } from "./verifier-key.js";
import { MAX_NOTE_SIGNATURES, parseNote, verifyNote } from "./verify-note.js";

// golang.org/x/mod/sumdb/note note_test.go TestOpen.
const peter = parseVerifierKey("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
const enoch = parseVerifierKey("EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop");
const text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const peterSig = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const enochSig = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

// c2sp.org/signed-note "Verifier keys" example.
const fooKey = parseVerifierKey("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
const fooNote =
  "This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

const code = (f: () => unknown) => {
  try {
    f();
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe("parseNote", () => {
  it("splits Go's example into text (with its final newline) and signature lines", () => {
    const parsed = parseNote(`${text}\n${peterSig}${enochSig}`);
    expect(parsed.text).toBe(text);
    expect(parsed.signatures.map((s) => [s.name, toHex(s.keyHash), s.signature.length])).toEqual([
      ["PeterNeumann", "c74f20a3", 64],
      ["EnochRoot", "af0cfe78", 64],
    ]);
    expect(parsed.signatures[0]?.line).toBe(peterSig.slice(0, -1));
  });

  it("separates at the LAST blank line, so the text may hold blank lines", () => {
    const parsed = parseNote(`a\n\nb\n\n${peterSig}`);
    expect(parsed.text).toBe("a\n\nb\n");
  });

  it("takes bytes and refuses invalid UTF-8", () => {
    expect(parseNote(utf8(`${text}\n${peterSig}`)).text).toBe(text);
    const bad = utf8(`${text}\n${peterSig}`);
    bad[3] = 0xff;
    expect(code(() => parseNote(bad))).toBe("NOTE_MALFORMED");
    expect(code(() => parseNote(Uint8Array.of(0xc0, 0x80, 0x0a, 0x0a)))).toBe("NOTE_MALFORMED"); // overlong NUL
    expect(code(() => parseNote(`\ud800${text}\n${peterSig}`))).toBe("NOTE_MALFORMED"); // lone surrogate
  });

  it("refuses Go's malformed examples, CR and control characters", () => {
    const bad = [
      text, // no signatures
      `${text}\n`, // blank line but no signatures
      `${text}\n${peterSig.slice(0, -1)}`, // last line without newline
      `\u0001${text}\n${peterSig}`,
      `${text}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
      `${text}\n${peterSig}Unexpected line.\n`,
      `${text}\n${peterSig}\n`, // an empty line after the signatures
      `${text.replace(/\n/g, "\r\n")}\r\n${peterSig.replace("\n", "\r\n")}`, // CRLF
      `${text}\n${peterSig.replace("\n", "\r\n")}`, // CR only on the signature line
      `${text}\t\n${peterSig}`, // TAB is a control character
      `${text}\n- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`, // hyphen, not em dash
      `${text}\n—PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`, // no space
      `${text}\n— PeterNeumann\n`, // no signature
      `${text}\n— PeterNeumann x08g\n`, // only a key hash
      `${text}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAN=\n`, // non-canonical base64
      `${text}\n— a+b x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`, // '+' in name
    ];
    for (const note of bad)
      expect(
        code(() => parseNote(note)),
        JSON.stringify(note),
      ).toBe("NOTE_MALFORMED");
  });

  it("accepts up to 100 signature lines and refuses 101, as Go does", () => {
    expect(parseNote(`${text}\n${peterSig.repeat(MAX_NOTE_SIGNATURES)}`).signatures.length).toBe(100);
    expect(code(() => parseNote(`${text}\n${peterSig.repeat(101)}`))).toBe("NOTE_MALFORMED");
  });
});

describe("verifyNote", () => {
  it("verifies Go's example note under the PeterNeumann key, ignoring the unknown EnochRoot line", () => {
    expect(verifyNote(`${text}\n${peterSig}${enochSig}`, [peter])).toEqual({ text, verifiedBy: ["PeterNeumann"], verifiedKeys: [peter] });
    expect(verifyNote(`${text}\n${peterSig}${enochSig}`, [peter, enoch]).verifiedBy).toEqual(["PeterNeumann", "EnochRoot"]);
    expect(verifyNote(utf8(`${text}\n${enochSig}`), [peter, enoch]).verifiedBy).toEqual(["EnochRoot"]);
  });

  it("verifies the C2SP signed-note example", () => {
    expect(verifyNote(fooNote, [fooKey])).toEqual({
      text: "This is an example message.\n",
      verifiedBy: ["example.com/foo"],
      verifiedKeys: [fooKey],
    });
  });

  it("refuses a note with no signature by a trusted key", () => {
    expect(() => verifyNote(`${text}\n${peterSig}${enochSig}`, [])).toThrow(/no signature by a trusted key/);
    expect(code(() => verifyNote(`${text}\n${enochSig}`, [peter]))).toBe("CHECKPOINT_SIGNATURE_INVALID");
  });

  it("refuses a bad signature by a known key, even next to a good one", () => {
    const corrupted = `${peterSig.slice(0, 60)}ABCD${peterSig.slice(60)}`; // Go's TestOpen "Invalid signature"
    expect(code(() => verifyNote(`${text}\n${corrupted}`, [peter]))).toBe("CHECKPOINT_SIGNATURE_INVALID");
    expect(() => verifyNote(`${text}\n${enochSig}${corrupted}`, [peter, enoch])).toThrow(/PeterNeumann\+c74f20a3/);
    // The same signature over another text.
    expect(code(() => verifyNote(`${text}!\n\n${peterSig}`, [peter]))).toBe("CHECKPOINT_SIGNATURE_INVALID");
  });

  it("matches keys on name AND key hash: a line sharing only one of them is ignored", () => {
    const renamed = peterSig.replace("PeterNeumann", "CarmenSandiego");
    expect(code(() => verifyNote(`${text}\n${renamed}`, [peter]))).toBe("CHECKPOINT_SIGNATURE_INVALID");
    expect(() => verifyNote(`${text}\n${renamed}`, [peter])).toThrow(/no signature by a trusted key/);
    expect(verifyNote(`${text}\n${renamed}${peterSig}`, [peter]).verifiedBy).toEqual(["PeterNeumann"]);
    const rehashed = peterSig.replace("x08g", "xxxx");
    expect(verifyNote(`${text}\n${rehashed}${peterSig}`, [peter]).verifiedBy).toEqual(["PeterNeumann"]);
  });

  it("ignores unknown lines of any signature length (tlog-cosignature lines carry 72 bytes)", () => {
    const cosignature =
      "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n";
    const note = `${text}\n${peterSig}${cosignature}`;
    expect(parseNote(note).signatures[1]?.signature.length).toBe(72);
    expect(verifyNote(note, [peter]).verifiedBy).toEqual(["PeterNeumann"]);
  });

  it("refuses two different trusted keys with the same name and key hash as ambiguous", () => {
    const impostor = { ...peter, publicKey: enoch.publicKey };
    expect(code(() => verifyNote(`${text}\n${peterSig}`, [peter, impostor]))).toBe("TRUST_INVALID");
    expect(verifyNote(`${text}\n${peterSig}`, [peter, peter]).verifiedBy).toEqual(["PeterNeumann"]);
  });

  it("reports malformed notes as NOTE_MALFORMED before looking at keys", () => {
    expect(code(() => verifyNote(`${text}${peterSig}`, [peter]))).toBe("NOTE_MALFORMED");
  });
});
