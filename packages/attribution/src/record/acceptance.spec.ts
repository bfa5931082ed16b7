import type { LedgerEntry } from "@shoulders/ledger";
import { describe, expect, it } from "vitest";
import { logSigned } from "../../../../test/support/log-registry.js";
import { AttributionIndex } from "../attribution-index.js";
import { ACCEPTANCE_PREDICATE_TYPE, RELEASE_PREDICATE_TYPE } from "../predicates/index.js";
import { acceptanceStatement } from "./acceptance.js";

const LOG = logSigned();

const MANIFEST = "ab".repeat(32);
const released: LedgerEntry = {
  index: 0,
  signers: LOG.signers,
  compromised: false,
  statement: {
    _type: "https://in-toto.io/Statement/v1",
    subject: [{ name: "manifest", digest: { sha256: MANIFEST } }],
    predicateType: RELEASE_PREDICATE_TYPE,
    predicate: { id: "acme/app", license: "apache-2.0", baseModels: [], files: 1, bytes: 1, manifest: MANIFEST },
  },
};
const index = new AttributionIndex([released], LOG.registry);

describe("acceptanceStatement", () => {
  it("accepts a conflict code of a released model, about its manifest", () => {
    const { statement, predicate } = acceptanceStatement(
      { artifact: "acme/app", conflict: "NC_INPUT_COMMERCIAL_OUTPUT", reason: "internal evaluation only", ancestor: "acme/nc@1" },
      index,
    );
    expect(predicate).toEqual({
      artifact: "acme/app",
      conflict: "NC_INPUT_COMMERCIAL_OUTPUT",
      reason: "internal evaluation only",
      ancestor: "acme/nc@1",
    });
    expect(statement).toMatchObject({
      predicateType: ACCEPTANCE_PREDICATE_TYPE,
      subject: [{ name: "model:acme/app", digest: { sha256: MANIFEST } }],
    });
  });

  it("refuses a code no check raises: a typo would accept nothing and look as if it did", () => {
    expect(() => acceptanceStatement({ artifact: "acme/app", conflict: "NC_INPUT", reason: "x" }, index)).toThrow(
      expect.objectContaining({ code: "BAD_ARGUMENT", message: expect.stringMatching(/^`conflict` NC_INPUT is not a conflict code \(/) }),
    );
  });

  it("refuses an artifact the ledger never released, and a field the schema refuses, as coded errors", () => {
    expect(() => acceptanceStatement({ artifact: "acme/other", conflict: "NC_INPUT_COMMERCIAL_OUTPUT", reason: "x" }, index)).toThrow(
      expect.objectContaining({ code: "UNKNOWN_ARTIFACT" }),
    );
    expect(() => acceptanceStatement({ artifact: "acme/app", conflict: "NC_INPUT_COMMERCIAL_OUTPUT", reason: "" }, index)).toThrow(
      expect.objectContaining({ code: "BAD_ARGUMENT", message: expect.stringMatching(/^acceptance for acme\/app: `reason`: /) }),
    );
  });
});
