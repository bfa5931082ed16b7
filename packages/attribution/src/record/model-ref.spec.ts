import { describe, expect, it } from "vitest";
import { parseModelRef } from "./model-ref.js";

describe("parseModelRef", () => {
  it("reads every form a predicate may hold", () => {
    expect(parseModelRef("acme/sentiment")).toEqual({ kind: "ledger", id: "acme/sentiment" });
    expect(parseModelRef("sentiment@2")).toEqual({ kind: "ledger", id: "sentiment", version: "2" });
    expect(parseModelRef("hf:google-bert/bert-base-uncased")).toEqual({ kind: "hub", repo: "google-bert/bert-base-uncased" });
    expect(parseModelRef("hf:org/x@refs/pr/1")).toEqual({ kind: "hub", repo: "org/x", revision: "refs/pr/1" });
  });

  it.each(["", "hf:", "org/x@", "a/b/c", "hf:org/x@rev@again", "../x", "org/x y", "HF:org/x"])("refuses %j with a coded error", (text) => {
    expect(() => parseModelRef(text, "--base-model")).toThrow(
      expect.objectContaining({ code: "BAD_ARGUMENT", message: expect.stringMatching(/^--base-model ".*" must be ORG\/NAME/) }),
    );
  });
});
