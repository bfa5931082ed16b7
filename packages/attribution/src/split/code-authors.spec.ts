import {
  formatVerifierKey,
  generateSecretKey,
  keyIdOf,
  type LedgerEntry,
  parseVerifierKey,
  publicKeyFromSecret,
  SignerRegistry,
} from "@shoulders/ledger";
import { describe, expect, it } from "vitest";
import { AttributionIndex } from "../attribution-index.js";
import { COMMIT_PREDICATE_TYPE, type CommitRecord, MAX_CO_AUTHORS } from "../predicates/index.js";
import { COMMIT_UNIT, codeAuthors } from "./code-authors.js";
import { defaultPolicy } from "./default-policy.js";

const logKey = publicKeyFromSecret(generateSecretKey());
const registry = new SignerRegistry({ verifierKeys: [parseVerifierKey(formatVerifierKey("example.org/split", logKey))] });
const person = (identity: string) => ({ identities: [identity] });
const sha = (n: number) => n.toString(16).padStart(40, "0");

function commit(n: number, author: string, lines: number, extra: Partial<CommitRecord> = {}): CommitRecord {
  return {
    sha: sha(n),
    parents: n === 1 ? [] : [sha(n - 1)],
    author: person(author),
    committer: person(author),
    coAuthors: [],
    signedOffBy: [],
    authoredAt: `2026-11-0${n}T10:00:00Z`,
    committedAt: `2026-11-0${n}T10:00:00Z`,
    stats: { files: 1, insertions: lines, deletions: 0 },
    ...extra,
  };
}

/** Maya, Dev, Mallory with 99 invented co-authors and herself (as an old writer recorded them), Zoe's data, the bot's ledger. */
function index(): AttributionIndex {
  const sybils = Array.from({ length: 99 }, (_, i) => person(`email:sybil${i}@example.org`));
  const commits = [
    commit(1, "github:maya", 4),
    commit(2, "github:dev", 10),
    commit(3, "github:mallory", 17, { coAuthors: [person("github:mallory"), ...sybils] }),
    commit(4, "github:zoe", 500, { dataOnly: true }),
    commit(5, "github:shoulders-bot", 3, { ledgerOnly: true }),
    // Empty commits and merges change nothing of their own: free units of credit if they counted.
    commit(6, "github:mallory", 0, { stats: { files: 0, insertions: 0, deletions: 0 } }),
    commit(7, "github:mallory", 40, { parents: [sha(6), sha(3)] }),
  ];
  const entry: LedgerEntry = {
    index: 0,
    signers: [keyIdOf(logKey)],
    compromised: false,
    statement: {
      _type: "https://in-toto.io/Statement/v1",
      subject: commits.map((c) => ({ name: `git+github.com/acme/sentiment@${c.sha}`, digest: { gitCommit: c.sha } })),
      predicateType: COMMIT_PREDICATE_TYPE,
      predicate: { repository: "github.com/acme/sentiment", commits },
    },
  };
  return new AttributionIndex([entry], registry);
}

const code = [{ name: "code", digest: { gitCommit: sha(7) } }];
const context = { index: index(), party: (identity: string) => identity };

describe("codeAuthors", () => {
  it("shares a commit exactly among its author and at most 16 distinct co-authors, in integer units", () => {
    expect(COMMIT_UNIT).toBe(12_252_240n); // lcm(1..17): every head count divides it
    const branches = codeAuthors(context, code, defaultPolicy("acme/sentiment"));
    const weights = Object.fromEntries(branches.map((branch) => [branch.key, branch.weight]));
    // Mallory naming herself adds no one; the first 16 others share her commit with her, 1/17 each.
    expect(weights["github:maya"]).toBe(COMMIT_UNIT);
    expect(weights["github:dev"]).toBe(COMMIT_UNIT);
    expect(weights["github:mallory"]).toBe(COMMIT_UNIT / 17n);
    expect(branches.filter((branch) => branch.key.startsWith("email:sybil"))).toHaveLength(MAX_CO_AUTHORS);
    // Data-only, ledger-only and empty commits and merges are no one's code; the three code commits are three units.
    expect(weights["github:zoe"]).toBeUndefined();
    expect(weights["github:shoulders-bot"]).toBeUndefined();
    expect(branches.reduce((sum, branch) => sum + branch.weight, 0n)).toBe(3n * COMMIT_UNIT);
    expect(branches.find((branch) => branch.key === "github:mallory")?.label).toBe("github:mallory: 0.06 commits");
    expect(branches.find((branch) => branch.key === "github:maya")?.label).toBe("github:maya: 1 commit");
  });

  it("shares a commit's changed lines the same way when the policy weighs by lines", () => {
    const policy = defaultPolicy("acme/sentiment");
    const branches = codeAuthors(context, code, { ...policy, own: { ...policy.own, codeWeighting: "lines" } });
    const weights = Object.fromEntries(branches.map((branch) => [branch.key, branch.weight]));
    expect(weights["github:maya"]).toBe(4n * COMMIT_UNIT);
    expect(weights["github:dev"]).toBe(10n * COMMIT_UNIT);
    expect(weights["github:mallory"]).toBe(COMMIT_UNIT); // 17 lines / 17 people
    expect(weights["email:sybil0@example.org"]).toBe(COMMIT_UNIT);
    expect(branches.find((branch) => branch.key === "github:dev")?.label).toBe("github:dev: 10 changed lines");
  });
});
