import type { LedgerEntry } from "@shoulders/ledger";
import { describe, expect, it } from "vitest";
import { AttributionIndex } from "../attribution-index.js";
import { RELEASE_PREDICATE_TYPE } from "../predicates/index.js";
import { buildLineage } from "./build-lineage.js";
import { explainLineage } from "./explain.js";
import { lineageMermaid, lineageText } from "./render-lineage.js";

function release(index: number, id: string, baseModels: string[]): LedgerEntry {
  const manifest = index.toString(16).padStart(64, "0");
  return {
    index,
    signers: [],
    compromised: false,
    statement: {
      _type: "https://in-toto.io/Statement/v1",
      subject: [{ name: "manifest", digest: { sha256: manifest } }],
      predicateType: RELEASE_PREDICATE_TYPE,
      predicate: { id, license: "mit", baseModels, files: 1, bytes: 1, manifest },
    },
  };
}

describe("lineage", () => {
  it("walks a chain 5,000 fine-tunes deep without overflowing the stack", () => {
    const entries = Array.from({ length: 5000 }, (_, i) => release(i, `org/m${i}`, i === 0 ? ["hf:base/model"] : [`org/m${i - 1}`]));
    const lineage = buildLineage(new AttributionIndex(entries), "org/m4999");
    expect(lineage.nodes).toHaveLength(5001);
    expect(lineageText(lineage).split("\n")).toHaveLength(5002);
    expect(lineageMermaid(lineage)).toContain("hf:base/model");
    expect(explainLineage(lineage).split("\n\n")).toHaveLength(5001);
  });

  it("leaves out entries signed only by compromised keys", () => {
    const entries = [release(0, "org/a", []), { ...release(1, "org/b", ["org/a"]), compromised: true }];
    const index = new AttributionIndex(entries);
    expect(index.compromised).toEqual([1]);
    expect(() => buildLineage(index, "org/b")).toThrow(expect.objectContaining({ code: "UNKNOWN_ARTIFACT" }));
  });
});
