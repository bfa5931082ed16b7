import { createPublicKey, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { utf8 } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { pae } from "./pae.js";

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");

describe("pae", () => {
  // The test vector of secure-systems-lab/dsse protocol.md, "Test Vectors".
  const vector = {
    payloadType: "http://example.com/HelloWorld",
    body: "hello world",
    pae: "DSSEv1 29 http://example.com/HelloWorld 11 hello world",
    // ECDSA P-256 / SHA-256, raw r ‖ s, and its public key as decimal coordinates.
    sig: "A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA==",
    x: "46950820868899156662930047687818585632848591499744589407958293238635476079160",
    y: "5640078356564379163099075877009565129882514886557779369047442380624545832820",
  };

  it("matches the DSSE protocol.md example byte for byte", () => {
    expect(pae(vector.payloadType, utf8(vector.body))).toEqual(utf8(vector.pae));
  });

  it("is what the DSSE example signature signs", () => {
    const coordinate = (decimal: string) => Buffer.from(BigInt(decimal).toString(16).padStart(64, "0"), "hex").toString("base64url");
    const key = createPublicKey({
      key: { kty: "EC", crv: "P-256", x: coordinate(vector.x), y: coordinate(vector.y) },
      format: "jwk",
    });
    const sig = Buffer.from(vector.sig, "base64");
    const message = pae(vector.payloadType, utf8(vector.body));
    expect(verify("sha256", message, { key, dsaEncoding: "ieee-p1363" }, sig)).toBe(true);
    expect(verify("sha256", pae(vector.payloadType, utf8("hello world!")), { key, dsaEncoding: "ieee-p1363" }, sig)).toBe(false);
  });

  it("counts bytes, not characters, in both lengths", () => {
    expect(text(pae("é", new Uint8Array([0xff, 0x00])))).toBe("DSSEv1 2 \xc3\xa9 2 \xff\x00");
    expect(text(pae("application/vnd.in-toto+json", new Uint8Array()))).toBe("DSSEv1 28 application/vnd.in-toto+json 0 ");
    expect(text(pae("", utf8("x".repeat(1000))))).toBe(`DSSEv1 0  1000 ${"x".repeat(1000)}`);
  });

  it("keeps type and body apart: moving bytes across the boundary changes the encoding", () => {
    expect(pae("a b", utf8("c"))).not.toEqual(pae("a", utf8("b c")));
  });

  it("refuses a body that is not bytes and a type with a lone surrogate", () => {
    expect(() => pae("t", "body" as unknown as Uint8Array)).toThrow(ShouldersError);
    expect(() => pae("\ud800", new Uint8Array())).toThrow(ShouldersError);
  });
});
