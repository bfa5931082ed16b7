import { createHash } from "node:crypto";
import { isIdentity } from "@shoulders/ledger";
import { describe, expect, it } from "vitest";
import { identitiesOf, primaryIdentity } from "./person-identities.js";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

describe("identitiesOf", () => {
  it("maps a GitHub noreply address with an id to the id and the lowercased login", () => {
    const person = { name: "Alice", email: "583231+Alice-Dev@users.noreply.github.com" };
    expect(identitiesOf(person)).toEqual(["github-id:583231", "github:alice-dev"]);
    expect(primaryIdentity(person)).toBe("github-id:583231");
  });

  it("maps a bot's noreply address, keeping the [bot] suffix", () => {
    const person = { name: "github-actions[bot]", email: "41898282+github-actions[bot]@users.noreply.github.com" };
    expect(identitiesOf(person)).toEqual(["github-id:41898282", "github:github-actions[bot]"]);
  });

  it("maps the older noreply address without an id to the login", () => {
    expect(identitiesOf({ name: "Bob", email: "Bob@users.noreply.github.com" })).toEqual(["github:bob"]);
  });

  it("keeps noreply mapping under hashEmails, since a GitHub login is public anyway", () => {
    expect(identitiesOf({ name: "Bob", email: "bob@users.noreply.github.com" }, { hashEmails: true })).toEqual(["github:bob"]);
  });

  it("drops the parts of a noreply address that are no valid identity", () => {
    expect(identitiesOf({ name: "x", email: "0123+ok@users.noreply.github.com" })).toEqual(["github:ok"]);
    expect(identitiesOf({ name: "x", email: "12+bad--login@users.noreply.github.com" })).toEqual(["github-id:12"]);
  });

  it("maps any other address to a lowercased email identity", () => {
    expect(identitiesOf({ name: "Carol", email: " Carol@Example.ORG " })).toEqual(["email:carol@example.org"]);
  });

  it("hashes the lowercased, trimmed address with hashEmails", () => {
    expect(identitiesOf({ name: "Carol", email: " Carol@Example.ORG " }, { hashEmails: true })).toEqual([
      `email-sha256:${sha256("carol@example.org")}`,
    ]);
  });

  it.each([
    ["Unicode", "józef@exämple.org"],
    ["no @", "localhost"],
    ["empty", ""],
    ["a look-alike domain", "alice@exаmple.org"],
    ["a space inside", "a b@example.org"],
  ])("hashes an address that is no valid identity (%s), never recording it raw", (_, email) => {
    expect(identitiesOf({ name: "x", email })).toEqual([`email-sha256:${sha256(email.trim().toLowerCase())}`]);
  });

  it("only ever returns valid identities", () => {
    for (const email of ["a@b.co", "<>@x", "\u0000@x.org", "1+@users.noreply.github.com", "@users.noreply.github.com"]) {
      const identities = identitiesOf({ name: "", email });
      expect(identities.length).toBeGreaterThan(0);
      for (const identity of identities) expect(isIdentity(identity), identity).toBe(true);
    }
  });
});
