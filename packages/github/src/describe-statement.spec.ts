import {
  DATASET_PREDICATE_TYPE,
  LICENSE_PREDICATE_TYPE,
  POLICY_PREDICATE_TYPE,
  RELEASE_PREDICATE_TYPE,
  USAGE_PREDICATE_TYPE,
} from "@shoulders/attribution";
import { KEY_PREDICATE_TYPE, STATEMENT_TYPE, type Statement } from "@shoulders/ledger";
import { describe, expect, it } from "vitest";
import { describeStatement } from "./describe-statement.js";

const statement = (predicateType: string, predicate: unknown): Statement => ({
  _type: STATEMENT_TYPE,
  subject: [{ name: "x", digest: { sha256: "ab".repeat(32) } }],
  predicateType,
  predicate: predicate as Record<string, unknown>,
});

describe("describeStatement", () => {
  it("says what each kind of statement claims, in one line, and which ones move money or trust", () => {
    const cases: [Statement, ReturnType<typeof describeStatement>][] = [
      [
        statement(USAGE_PREDICATE_TYPE, {
          artifact: "acme/sentiment",
          period: { start: "2026-11-01", end: "2026-11-30" },
          uses: 1_200_000,
          revenue: { amount: "480.00", currency: "USD" },
          supersedes: 7,
        }),
        {
          type: "usage receipt",
          claim: "acme/sentiment, 2026-11-01/2026-11-30: 1,200,000 uses, 480.00 USD, supersedes entry 7",
          money: true,
        },
      ],
      [
        statement(POLICY_PREDICATE_TYPE, {
          artifact: "acme/sentiment",
          upstream: 300_000,
          inputs: { datasets: 500_000, baseModels: 500_000 },
          own: { trainer: 125_000, code: 875_000, codeWeighting: "declared", declared: { "github:mallory": 1 } },
        }),
        {
          type: "split policy",
          claim:
            "acme/sentiment: upstream 30% (datasets 50%, base models 50%), own 70% (trainer 12.5%, code 87.5% by declared: github:mallory=1), for revenue reported from now on",
          money: true,
        },
      ],
      [
        statement(KEY_PREDICATE_TYPE, { action: "link", identities: ["github:tomo", "email:tomo@acme.org"] }),
        { type: "identity link", claim: "links github:tomo, email:tomo@acme.org into one party", money: true },
      ],
      [
        statement(KEY_PREDICATE_TYPE, { action: "revoke", keyid: "ab".repeat(32), reason: "leaked", compromisedSince: 12 }),
        { type: "key", claim: "revokes key abababababababab, compromised since entry 12: leaked", money: true },
      ],
      [
        statement(LICENSE_PREDICATE_TYPE, { artifact: "hf:google-bert/bert-base-uncased", license: "apache-2.0" }),
        { type: "license", claim: "hf:google-bert/bert-base-uncased: apache-2.0", money: false },
      ],
      [
        statement(RELEASE_PREDICATE_TYPE, {
          id: "acme/sentiment",
          version: "2",
          license: "apache-2.0",
          run: { id: "ft-2", index: 9 },
          baseModels: ["hf:google-bert/bert-base-uncased"],
          files: 3,
          bytes: 10,
          manifest: "cd".repeat(32),
        }),
        {
          type: "release",
          claim: "acme/sentiment 2: apache-2.0, 3 files, from run ft-2, base models hf:google-bert/bert-base-uncased",
          money: false,
        },
      ],
      [
        statement(DATASET_PREDICATE_TYPE, {
          id: "acme/reviews",
          version: "2",
          files: 2,
          bytes: 100,
          records: 2003,
          contributors: Array.from({ length: 7 }, (_, i) => ({ identity: `github:c${i}`, records: 1 + i })),
        }),
        {
          type: "dataset version",
          claim:
            "acme/reviews@2: 2,003 records in 2 files, contributors github:c0 (1), github:c1 (2), github:c2 (3), github:c3 (4), github:c4 (5) and 2 more",
          money: false,
        },
      ],
    ];
    for (const [input, expected] of cases) expect(describeStatement(input)).toEqual(expected);
  });

  it("names a type it does not define by its URI, and says when a predicate does not match its schema", () => {
    expect(describeStatement(statement("https://example.org/note/v1", { text: "hi" }))).toEqual({
      type: "https://example.org/note/v1",
      claim: '{"text":"hi"}',
      money: false,
    });
    expect(describeStatement(statement(USAGE_PREDICATE_TYPE, { artifact: "acme/sentiment", uses: -1 }))).toEqual({
      type: "usage receipt",
      claim: "does not match the usage receipt schema",
      money: true,
    });
  });
});
