import { describe, expect, it } from "vitest";
import { fromHex } from "../bytes.js";
import { keyIdOf } from "./keyid.js";

describe("keyIdOf", () => {
  it("is the lowercase hex SHA-256 of the 32-byte key (RFC 8032 TEST 1 key)", () => {
    const key = fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    expect(keyIdOf(key)).toBe("21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9");
  });

  it("refuses anything but 32 bytes", () => {
    expect(() => keyIdOf(new Uint8Array(33))).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
  });
});
