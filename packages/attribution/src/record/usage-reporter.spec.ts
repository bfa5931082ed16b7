import {
  formatVerifierKey,
  generateSecretKey,
  keyAddPredicate,
  keyIdOf,
  parseVerifierKey,
  publicKeyFromSecret,
  SignerRegistry,
} from "@shoulders/ledger";
import { describe, expect, it } from "vitest";
import { AttributionIndex } from "../attribution-index.js";
import { usageReporter } from "./usage-reporter.js";

const [logKey, provider, alias, recorder, revoked] = Array.from({ length: 5 }, () =>
  publicKeyFromSecret(generateSecretKey()),
) as Uint8Array[] & [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
const registry = new SignerRegistry({ verifierKeys: [parseVerifierKey(formatVerifierKey("example.org/log", logKey))] });
registry.apply(keyAddPredicate(provider, "github:infer", ["usage"]), 0);
registry.apply(keyAddPredicate(recorder, "github:dev", ["record"]), 1);
registry.apply(keyAddPredicate(revoked, "github:old", ["usage"]), 2);
registry.apply({ action: "revoke", keyid: keyIdOf(revoked), reason: "revoked" }, 3);
registry.apply({ action: "link", identities: ["github:infer", "email:billing@infer.example"] }, 4);
registry.apply(keyAddPredicate(alias, "email:billing@infer.example", ["usage"]), 5);
const index = new AttributionIndex([], registry);
const owner = "github:acme";

describe("usageReporter", () => {
  it("is the owner for a log key, and the party of the key's declared identity otherwise", () => {
    expect(usageReporter({ index, keyid: keyIdOf(logKey), owner })).toBe(owner);
    expect(usageReporter({ index, keyid: keyIdOf(provider), owner })).toBe("email:billing@infer.example");
    expect(usageReporter({ index, keyid: keyIdOf(alias), owner })).toBe("email:billing@infer.example");
  });

  it("needs a declared, unrevoked key with the usage role", () => {
    expect(() => usageReporter({ index, keyid: keyIdOf(publicKeyFromSecret(generateSecretKey())), owner })).toThrow(
      expect.objectContaining({
        code: "UNAUTHORISED_SIGNER",
        message: expect.stringMatching(/^your key is not declared in this ledger/),
      }),
    );
    // A revoked key hears which entry revoked it, as every writer says it.
    expect(() => usageReporter({ index, keyid: keyIdOf(revoked), owner })).toThrow(
      expect.objectContaining({
        code: "KEY_REVOKED",
        message: expect.stringMatching(/^your key \(keyid [0-9a-f]{16}…\) was revoked at entry \d+: nothing was written/),
      }),
    );
    expect(() => usageReporter({ index, keyid: keyIdOf(recorder), owner })).toThrow(
      expect.objectContaining({
        code: "UNAUTHORISED_SIGNER",
        message: expect.stringMatching(/^your key \(github:dev\) lacks the usage role/),
      }),
    );
  });

  it("checks a claimed reporter against the key, and never takes it from the claim", () => {
    expect(usageReporter({ index, keyid: keyIdOf(logKey), owner, claimed: "github:Acme" })).toBe(owner);
    expect(() => usageReporter({ index, keyid: keyIdOf(provider), owner, claimed: "github:acme" })).toThrow(
      expect.objectContaining({
        code: "BAD_ARGUMENT",
        message:
          "`reporter` github:acme: your key speaks for email:billing@infer.example; the reporter is the key's identity, not a choice",
      }),
    );
  });
});
