import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  formatVerifierKey,
  generateSecretKey,
  keyAddPredicate,
  keyIdOf,
  parseVerifierKey,
  publicKeyFromSecret,
  SignerRegistry,
} from "@shoulders/ledger";
import { afterAll, describe, expect, it } from "vitest";
import { AttributionIndex } from "../attribution-index.js";
import { runTrainer } from "./run-trainer.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A real repository whose local config sets user.email (empty: git then has none, whatever ~/.gitconfig says). */
function repo(email: string, name = "Tomo"): string {
  const dir = mkdtempSync(join(tmpdir(), "shoulders-trainer-"));
  dirs.push(dir);
  execFileSync("git", ["init", "-q", dir]);
  execFileSync("git", ["-C", dir, "config", "user.email", email]);
  execFileSync("git", ["-C", dir, "config", "user.name", name]);
  return dir;
}

const logKey = publicKeyFromSecret(generateSecretKey());
const contributorKey = publicKeyFromSecret(generateSecretKey());
const registry = new SignerRegistry({ verifierKeys: [parseVerifierKey(formatVerifierKey("example.org/log", logKey))] });
registry.apply(keyAddPredicate(contributorKey, "github:Tomo", ["record"]), 0);
const index = new AttributionIndex([], registry);

describe("runTrainer", () => {
  it("takes the trainer given, normalised", () => {
    expect(runTrainer({ trainer: "github:Ana", index, keyid: keyIdOf(contributorKey), dir: repo("x@example.org") })).toBe("github:ana");
  });

  it("else credits the identity the log declares for the signing key", () => {
    expect(runTrainer({ index, keyid: keyIdOf(contributorKey), dir: repo("x@example.org") })).toBe("github:tomo");
  });

  it("else git's user.email, for a log key, which speaks for the ledger and not a person", () => {
    expect(runTrainer({ index, keyid: keyIdOf(logKey), dir: repo("Tomo@Example.org") })).toBe("email:tomo@example.org");
    expect(runTrainer({ index, keyid: keyIdOf(logKey), dir: repo("12+tomo@users.noreply.github.com") })).toBe("github-id:12");
  });

  it("refuses to guess when nothing names the trainer, and refuses a trainer that is no identity", () => {
    expect(() => runTrainer({ index, keyid: keyIdOf(logKey), dir: repo("") })).toThrow(
      expect.objectContaining({ code: "USAGE", message: expect.stringMatching(/^pass `trainer` \(e\.g\. github:tomo\)/) }),
    );
    expect(() => runTrainer({ trainer: "tomo", index, keyid: keyIdOf(logKey), dir: repo("") })).toThrow(
      expect.objectContaining({ code: "BAD_ARGUMENT", message: expect.stringMatching(/^`trainer` "tomo" is not an identity/) }),
    );
  });
});
