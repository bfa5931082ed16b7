import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  formatVerifierKey,
  generateSecretKey,
  keyAddPredicate,
  keyIdOf,
  type LedgerEntry,
  parseVerifierKey,
  publicKeyFromSecret,
  SignerRegistry,
  STATEMENT_TYPE,
  sha256Hex,
} from "@shoulders/ledger";
import { afterAll, describe, expect, it } from "vitest";
import { AttributionIndex } from "../attribution-index.js";
import { COMMIT_PREDICATE_TYPE } from "../predicates/index.js";
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
const mailKey = publicKeyFromSecret(generateSecretKey());
const registry = new SignerRegistry({ verifierKeys: [parseVerifierKey(formatVerifierKey("example.org/log", logKey))] });
registry.apply(keyAddPredicate(contributorKey, "github:Tomo", ["record"]), 0);
registry.apply(keyAddPredicate(mailKey, "email:ana@example.org", ["record"]), 1);
const index = new AttributionIndex([], registry);

/** An index whose recorded commits pair addresses with logins, as the record action writes them from a push. */
function withCommits(...people: string[][]): AttributionIndex {
  const person = (identities: string[]) => ({ name: "x", identities });
  const commits = people.map((identities, i) => ({
    sha: `${i}`.padStart(40, "0"),
    parents: [],
    author: person(identities),
    committer: person(identities),
    coAuthors: [],
    signedOffBy: [],
    authoredAt: "2026-11-01T00:00:00Z",
    committedAt: "2026-11-01T00:00:00Z",
    stats: { files: 1, insertions: 1, deletions: 0 },
  }));
  const statement = { _type: STATEMENT_TYPE, subject: [], predicateType: COMMIT_PREDICATE_TYPE, predicate: { repository: "x", commits } };
  return new AttributionIndex([{ index: 2, statement, signers: [keyIdOf(logKey)] } as unknown as LedgerEntry], registry);
}

describe("runTrainer", () => {
  it("takes the trainer given, normalised", () => {
    expect(runTrainer({ trainer: "github:Ana", index, keyid: keyIdOf(contributorKey), dir: repo("x@example.org") })).toBe("github:ana");
  });

  it("else credits the identity the log declares for the signing key", () => {
    expect(runTrainer({ index, keyid: keyIdOf(contributorKey), dir: repo("x@example.org") })).toBe("github:tomo");
  });

  it("else the GitHub login that started a GitHub Actions run, never a bot", () => {
    const env = { GITHUB_ACTIONS: "true", GITHUB_ACTOR: "Tomo" };
    expect(runTrainer({ index, keyid: keyIdOf(logKey), dir: repo("x@example.org"), env })).toBe("github:tomo");
    const bot = { GITHUB_ACTIONS: "true", GITHUB_ACTOR: "github-actions[bot]" };
    expect(() => runTrainer({ index, keyid: keyIdOf(logKey), dir: repo(""), env: bot })).toThrow(
      expect.objectContaining({ code: "USAGE" }),
    );
  });

  it("else the login git's user.email leads to: a noreply address, or recorded commits that pair it with a login", () => {
    expect(runTrainer({ index, keyid: keyIdOf(logKey), dir: repo("12+Tomo@users.noreply.github.com") })).toBe("github:tomo");
    const recorded = withCommits(["github:tomo", "email:tomo@example.org"]);
    expect(runTrainer({ index: recorded, keyid: keyIdOf(logKey), dir: repo("Tomo@Example.org") })).toBe("github:tomo");
    // A key declared with an address is looked up the same way.
    const ana = withCommits(["github:ana", `email-sha256:${sha256Hex(Buffer.from("ana@example.org", "utf8"))}`]);
    expect(runTrainer({ index: ana, keyid: keyIdOf(mailKey), dir: repo("") })).toBe("github:ana");
  });

  it("never records an e-mail address, and refuses to choose between logins that claim one", () => {
    for (const keyid of [keyIdOf(logKey), keyIdOf(mailKey)]) {
      expect(() => runTrainer({ index, keyid, dir: repo("Tomo@Example.org") })).toThrow(
        expect.objectContaining({
          code: "USAGE",
          message: expect.stringMatching(/^pass `trainer` \(e\.g\. github:tomo\): no GitHub login/),
        }),
      );
    }
    const claimed = withCommits(["github:tomo", "email:tomo@example.org"], ["github:mallory", "email:tomo@example.org"]);
    expect(() => runTrainer({ index: claimed, keyid: keyIdOf(logKey), dir: repo("tomo@example.org") })).toThrow(
      expect.objectContaining({ code: "USAGE", message: expect.stringContaining("several GitHub logins (github:mallory, github:tomo)") }),
    );
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
