import type { LedgerEntry } from "@shoulders/ledger";
import { describe, expect, it } from "vitest";
import { logSigned } from "../../../../test/support/log-registry.js";
import { AttributionIndex } from "../attribution-index.js";
import { checkLicenses } from "../licensing/check-licenses.js";
import { HUB_MODEL_PREDICATE_TYPE, RELEASE_PREDICATE_TYPE } from "../predicates/index.js";
import { buildLineage } from "./build-lineage.js";
import { explainLineage } from "./explain.js";
import { lineageMermaid, lineageText } from "./render-lineage.js";

const LOG = logSigned();

function release(index: number, id: string, baseModels: string[]): LedgerEntry {
  const manifest = index.toString(16).padStart(64, "0");
  return {
    index,
    signers: LOG.signers,
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
    const lineage = buildLineage(new AttributionIndex(entries, LOG.registry), "org/m4999");
    expect(lineage.nodes).toHaveLength(5001);
    expect(lineageText(lineage).split("\n")).toHaveLength(5002);
    expect(lineageMermaid(lineage)).toContain("hf:base/model");
    expect(explainLineage(lineage).split("\n\n")).toHaveLength(5001);
  });

  it("leaves out entries signed only by compromised keys", () => {
    const entries = [release(0, "org/a", []), { ...release(1, "org/b", ["org/a"]), compromised: true }];
    const index = new AttributionIndex(entries, LOG.registry);
    expect(index.compromised).toEqual([1]);
    expect(() => buildLineage(index, "org/b")).toThrow(expect.objectContaining({ code: "UNKNOWN_ARTIFACT" }));
  });
});

function hubModel(index: number, repo: string, license: string, baseModels: string[]): LedgerEntry {
  const revision = (index + 1).toString(16).padStart(40, "a");
  return {
    index,
    signers: LOG.signers,
    compromised: false,
    statement: {
      _type: "https://in-toto.io/Statement/v1",
      subject: [{ name: `hf:${repo}@${revision}`, digest: { gitCommit: revision } }],
      predicateType: HUB_MODEL_PREDICATE_TYPE,
      predicate: { repo, revision, license, baseModels },
    },
  };
}

describe("Hub models recorded with `shoulders hf model`", () => {
  const entries = [
    hubModel(0, "org/base", "cc-by-nc-4.0", []),
    hubModel(1, "org/tuned", "apache-2.0", ["hf:org/base"]),
    release(2, "acme/app", ["hf:org/tuned"]),
  ];

  it("carry lineage past the edge of the ledger", () => {
    const lineage = buildLineage(new AttributionIndex(entries, LOG.registry), "acme/app");
    expect(lineage.nodes.map((node) => node.label)).toEqual(["acme/app", "hf:org/tuned", "hf:org/base"]);
    expect(lineage.edges.map((edge) => `${edge.from} -> ${edge.to}`)).toContain("external:hf:org/base -> external:hf:org/tuned");
  });

  it("carry license checks to their own bases, with the card's license", () => {
    const [result] = checkLicenses(new AttributionIndex(entries, LOG.registry), { artifact: "acme/app" });
    expect(result?.report.conflicts.map((conflict) => [conflict.code, conflict.path.join(" → ")])).toEqual([
      ["NC_INPUT_COMMERCIAL_OUTPUT", "acme/app → hf:org/tuned → hf:org/base"],
    ]);
  });
});
