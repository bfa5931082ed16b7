import { describe, expect, it } from "vitest";
import { fromBase64, utf8 } from "../bytes.js";
import { publicKeyFromSecret } from "../keys/generate-key.js";
import { appendNoteSignature, noteSignatureLine } from "../note/sign-note.js";
import { formatVerifierKey, parseVerifierKey } from "../note/verifier-key.js";
import { type Checkpoint, formatCheckpointBody } from "./checkpoint.js";
import { openCheckpoint } from "./open-checkpoint.js";
import { signCheckpoint } from "./sign-checkpoint.js";

const origin = "github.com/OWNER/REPO/attribution";
const seed = new Uint8Array(32).fill(1);
const logKey = parseVerifierKey(formatVerifierKey(origin, publicKeyFromSecret(seed)));
const signer = { name: origin, seed };
const trust = { origin, verifierKeys: [logKey] };
const cp: Checkpoint = { origin, size: 3, rootHash: new Uint8Array(32).fill(0xab), extensions: [] };

const code = (f: () => unknown) => {
  try {
    f();
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe("signCheckpoint / openCheckpoint", () => {
  it("round-trips, from a string or from bytes", () => {
    const note = signCheckpoint(cp, signer);
    expect(note.startsWith(`${formatCheckpointBody(cp)}\n— ${origin} `)).toBe(true);
    expect(openCheckpoint(note, trust)).toEqual({ ...cp, verifiedBy: [origin] });
    expect(openCheckpoint(utf8(note), trust)).toEqual({ ...cp, verifiedBy: [origin] });
  });

  it("preserves extension lines, which the signature covers", () => {
    const withExtensions = { ...cp, extensions: ["timestamp 1700000000", "x"] };
    const note = signCheckpoint(withExtensions, signer);
    expect(openCheckpoint(note, trust).extensions).toEqual(["timestamp 1700000000", "x"]);
    const edited = note.replace("timestamp 1700000000", "timestamp 1700000001");
    expect(code(() => openCheckpoint(edited, trust))).toBe("CHECKPOINT_SIGNATURE_INVALID");
  });

  it("refuses a checkpoint for another origin, even when the trusted key signed it", () => {
    const other = signCheckpoint({ ...cp, origin: "github.com/OTHER/REPO/attribution" }, signer);
    expect(code(() => openCheckpoint(other, trust))).toBe("ORIGIN_MISMATCH");
  });

  it("refuses a checkpoint signed by a key the root does not trust", () => {
    const note = signCheckpoint(cp, { name: origin, seed: new Uint8Array(32).fill(2) });
    expect(() => openCheckpoint(note, trust)).toThrow(/no signature by a trusted key/);
  });

  it("checks the signature before the body: a malformed body under a bad signature is a signature error", () => {
    const note = signCheckpoint(cp, signer).replace("\n3\n", "\n03\n");
    expect(code(() => openCheckpoint(note, trust))).toBe("CHECKPOINT_SIGNATURE_INVALID");
  });

  it("tolerates cosignature lines by unknown keys (tlog-cosignature, 72-byte signatures)", () => {
    const cosignature =
      "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n";
    const note = appendNoteSignature(signCheckpoint(cp, signer), cosignature);
    expect(openCheckpoint(note, trust).verifiedBy).toEqual([origin]);
  });

  it("accepts a second trusted key during rotation, and a checkpoint signed by both", () => {
    const newSeed = new Uint8Array(32).fill(3);
    const newKey = parseVerifierKey(formatVerifierKey(origin, publicKeyFromSecret(newSeed)));
    const rotating = { origin, verifierKeys: [logKey, newKey] };
    const both = appendNoteSignature(
      signCheckpoint(cp, signer),
      noteSignatureLine(formatCheckpointBody(cp), { name: origin, seed: newSeed }),
    );
    expect(openCheckpoint(both, rotating).verifiedBy).toEqual([origin]);
    expect(openCheckpoint(signCheckpoint(cp, { name: origin, seed: newSeed }), rotating).size).toBe(3);
  });

  it("reads the C2SP tlog-checkpoint example: well-formed, but no key we trust signed it", () => {
    const example =
      "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n" +
      "— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n" +
      "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n";
    const sofaTrust = { origin: "example.com/behind-the-sofa", verifierKeys: [logKey] };
    expect(() => openCheckpoint(example, sofaTrust)).toThrow(/no signature by a trusted key/);
    expect(fromBase64("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=").length).toBe(32);
  });

  it("refuses a note with CR line endings as NOTE_MALFORMED", () => {
    const note = signCheckpoint(cp, signer).replace(/\n/g, "\r\n");
    expect(code(() => openCheckpoint(note, trust))).toBe("NOTE_MALFORMED");
  });
});
