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
import { POLICY_PREDICATE_TYPE, PPM, RELEASE_PREDICATE_TYPE } from "../predicates/index.js";
import { buildSplitGraph } from "./build-split-graph.js";

// A policy counts only when a log key authored it: every entry here is the log key's.
const logKey = publicKeyFromSecret(generateSecretKey());
const registry = new SignerRegistry({ verifierKeys: [parseVerifierKey(formatVerifierKey("example.org/split", logKey))] });

function entry(index: number, predicateType: string, predicate: Record<string, unknown>): LedgerEntry {
  return {
    index,
    signers: [keyIdOf(logKey)],
    compromised: false,
    statement: {
      _type: "https://in-toto.io/Statement/v1",
      subject: [{ name: `entry-${index}`, digest: { sha256: index.toString(16).padStart(64, "0") } }],
      predicateType,
      predicate,
    },
  };
}

describe("buildSplitGraph", () => {
  it("weighs base models named like Object.prototype members by the policy's own weights only", () => {
    // "toString" and "constructor" are valid model names; a plain lookup in the weights would find the inherited
    // functions, and BigInt(function) throws a SyntaxError.
    const index = new AttributionIndex(
      [
        entry(0, RELEASE_PREDICATE_TYPE, {
          id: "acme/merge",
          license: "mit",
          baseModels: ["toString", "constructor", "hf:org/base"],
          files: 1,
          bytes: 1,
          manifest: "a".repeat(64),
        }),
        entry(1, POLICY_PREDICATE_TYPE, {
          artifact: "acme/merge",
          upstream: PPM,
          inputs: { datasets: PPM / 2, baseModels: PPM / 2, baseModelWeights: { "hf:org/base": 2 } },
          own: { trainer: PPM / 2, code: PPM / 2, codeWeighting: "commits" },
        }),
      ],
      registry,
    );
    const graph = buildSplitGraph(index, "acme/merge", { owner: "ci:acme/merge" });
    const upstream = graph.nodes.get("model:acme/merge")?.branches.find((branch) => branch.key === "1-upstream");
    const bases = upstream?.branches?.flatMap((group) => group.branches ?? []) ?? [];
    expect(bases.map((branch) => [branch.key, branch.weight])).toEqual([
      ["base:toString", 1n],
      ["base:constructor", 1n],
      ["base:hf:org/base", 2n],
    ]);
  });
});
