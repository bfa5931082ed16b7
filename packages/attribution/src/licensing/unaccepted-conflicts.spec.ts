import type { LedgerEntry } from "@shoulders/ledger";
import { describe, expect, it } from "vitest";
import { logSigned } from "../../../../test/support/log-registry.js";
import { AttributionIndex } from "../attribution-index.js";
import { ACCEPTANCE_PREDICATE_TYPE, HUB_MODEL_PREDICATE_TYPE, RELEASE_PREDICATE_TYPE } from "../predicates/index.js";
import { checkLicenses } from "./check-licenses.js";
import { unacceptedConflicts } from "./unaccepted-conflicts.js";

const LOG = logSigned();

function entry(index: number, predicateType: string, predicate: Record<string, unknown>, subject = `entry-${index}`): LedgerEntry {
  const sha256 = index.toString(16).padStart(64, "0");
  return {
    index,
    signers: LOG.signers,
    compromised: false,
    statement: { _type: "https://in-toto.io/Statement/v1", subject: [{ name: subject, digest: { sha256 } }], predicateType, predicate },
  };
}

const base = entry(0, HUB_MODEL_PREDICATE_TYPE, { repo: "org/base", revision: "a".repeat(40), license: "cc-by-nc-4.0", baseModels: [] });
const release = (index: number, id: string) =>
  entry(index, RELEASE_PREDICATE_TYPE, {
    id,
    license: "apache-2.0",
    baseModels: ["hf:org/base"],
    files: 1,
    bytes: 1,
    manifest: "0".repeat(64),
  });

describe("unacceptedConflicts", () => {
  it("keeps the conflicts nobody accepted, with the release they are about", () => {
    const index = new AttributionIndex(
      [
        base,
        release(1, "acme/a"),
        release(2, "acme/b"),
        entry(3, ACCEPTANCE_PREDICATE_TYPE, { artifact: "acme/b", conflict: "NC_INPUT_COMMERCIAL_OUTPUT", reason: "research only" }),
      ],
      LOG.registry,
    );
    const results = checkLicenses(index);
    expect(results.flatMap((result) => result.report.conflicts)).toHaveLength(2);
    expect(unacceptedConflicts(results).map((conflict) => [conflict.artifact, conflict.code, conflict.path.join(" → ")])).toEqual([
      ["acme/a", "NC_INPUT_COMMERCIAL_OUTPUT", "acme/a → hf:org/base"],
    ]);
  });
});
