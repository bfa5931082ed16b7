import { describe, expect, it } from "vitest";
import { publicKeyFromSecret } from "../keys/generate-key.js";
import { formatVerifierKey, SIGNATURE_TYPE_COSIGNATURE_V1 } from "../note/verifier-key.js";
import { formatTrust, parseTrust } from "./trust-file.js";

const origin = "github.com/acme/sentiment/attribution";
const logKey = formatVerifierKey(origin, publicKeyFromSecret(new Uint8Array(32).fill(1)));
const witnessPublic = publicKeyFromSecret(new Uint8Array(32).fill(2));
const witness = formatVerifierKey("witness.example/w1", witnessPublic, SIGNATURE_TYPE_COSIGNATURE_V1);
const file = (extra: object) => JSON.stringify({ version: 1, log: { origin, verifierKeys: [logKey] }, ...extra });

describe("trust.json witnesses (an extension older readers ignore)", () => {
  it("reads witness keys and urls, and writes them back unchanged", () => {
    const trust = parseTrust(
      file({ witnesses: [{ key: witness, url: "https://witness.example/w1" }], note: "unknown fields are ignored" }),
    );
    expect(trust.witnesses?.map((w) => [w.key.name, w.url])).toEqual([["witness.example/w1", "https://witness.example/w1"]]);
    expect(parseTrust(formatTrust(trust))).toEqual(trust);
    expect(parseTrust(file({})).witnesses).toBeUndefined();
  });

  it("refuses a log key as a witness, a url that is not http(s), and one public key listed twice under two names", () => {
    expect(() => parseTrust(file({ witnesses: [{ key: logKey }] }))).toThrow(expect.objectContaining({ code: "TRUST_INVALID" }));
    expect(() => parseTrust(file({ witnesses: [{ key: witness, url: "file:///etc/passwd" }] }))).toThrow(
      expect.objectContaining({ code: "TRUST_INVALID" }),
    );
    // cosignature/v1 does not sign the name: one key under two names would be counted as two witnesses.
    const alias = formatVerifierKey("another.example/w", witnessPublic, SIGNATURE_TYPE_COSIGNATURE_V1);
    expect(() => parseTrust(file({ witnesses: [{ key: witness }, { key: alias }] }))).toThrow(
      expect.objectContaining({ code: "TRUST_INVALID" }),
    );
    expect(() => parseTrust(file({ witnesses: [{ key: witness }, { key: witness }] }))).toThrow(
      expect.objectContaining({ code: "TRUST_INVALID" }),
    );
  });
});
