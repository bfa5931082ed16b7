import type { LedgerEntry } from "@shoulders/ledger";
import { describe, expect, it } from "vitest";
import { logSigned } from "../../../../test/support/log-registry.js";
import { AttributionIndex } from "../attribution-index.js";
import { RELEASE_PREDICATE_TYPE } from "../predicates/index.js";
import { lineageRoots } from "./lineage-roots.js";

const LOG = logSigned();

function release(index: number, id: string): LedgerEntry {
  const manifest = index.toString(16).padStart(64, "0");
  return {
    index,
    signers: LOG.signers,
    compromised: false,
    statement: {
      _type: "https://in-toto.io/Statement/v1",
      subject: [{ name: "manifest", digest: { sha256: manifest } }],
      predicateType: RELEASE_PREDICATE_TYPE,
      predicate: { id, license: "mit", baseModels: [], files: 1, bytes: 1, manifest },
    },
  };
}

const ORIGIN = "github.com/acme/sentiment/attribution";

describe("lineageRoots", () => {
  it("names every released model, sorted, for the repository the ledger belongs to", () => {
    const index = new AttributionIndex([release(0, "acme/zeta"), release(1, "acme/alpha")], LOG.registry);
    expect(lineageRoots(index, "acme/sentiment", ORIGIN)).toEqual(["acme/alpha", "acme/zeta"]);
    expect(lineageRoots(index, "ACME/Sentiment", ORIGIN)).toEqual(["acme/alpha", "acme/zeta"]);
  });

  it("is the ID itself otherwise: an artifact of that name or a kind prefix wins, and an empty ledger has no models", () => {
    const index = new AttributionIndex([release(0, "acme/sentiment"), release(1, "acme/other")], LOG.registry);
    expect(lineageRoots(index, "acme/sentiment", ORIGIN)).toEqual(["acme/sentiment"]);
    expect(lineageRoots(new AttributionIndex([release(0, "acme/x")], LOG.registry), "model:acme/sentiment", ORIGIN)).toEqual([
      "model:acme/sentiment",
    ]);
    expect(lineageRoots(new AttributionIndex([], LOG.registry), "acme/sentiment", ORIGIN)).toEqual(["acme/sentiment"]);
    expect(lineageRoots(index, "acme/other", "example.org/log")).toEqual(["acme/other"]);
  });
});
