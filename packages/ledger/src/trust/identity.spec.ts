import { describe, expect, it } from "vitest";
import { isIdentity, normaliseIdentity } from "./identity.js";

describe("identities", () => {
  it.each([
    "github:alice",
    "github:dependabot[bot]",
    "github-id:583231",
    "hf:acme-labs",
    "email:alice@example.org",
    `email-sha256:${"a".repeat(64)}`,
    "ci:acme/sentiment",
  ])("accepts %s", (identity) => expect(isIdentity(identity)).toBe(true));

  it.each([
    "alice",
    ":alice",
    "github:",
    "github:-alice",
    "github:al--ice",
    "github:аlice", // Cyrillic а: a look-alike of "alice"
    "email:alice@exаmple.org",
    "github-id:0123",
    "__proto__:x",
    "constructor:x",
    "toString:x",
    "github:Alice",
    "ci:acme",
  ])("refuses %s", (identity) => expect(isIdentity(identity)).toBe(false));

  it("normalises case where the provider ignores it, and keeps hashes and ids as they are", () => {
    expect(normaliseIdentity("github:Alice")).toBe("github:alice");
    expect(normaliseIdentity("email:Alice@Example.ORG")).toBe("email:alice@example.org");
    expect(normaliseIdentity("github-id:42")).toBe("github-id:42");
    expect(isIdentity(normaliseIdentity("github:Alice"))).toBe(true);
  });
});
