import { describe, expect, it } from "vitest";
import { parseModelRelation } from "./model-relation.js";

describe("parseModelRelation", () => {
  it("takes the Hub's base_model_relation values", () => {
    for (const relation of ["finetune", "adapter", "merge", "quantized"]) expect(parseModelRelation(relation)).toBe(relation);
  });

  it.each(["Finetune", "fine-tune", "", "__proto__", "toString"])("refuses %j, naming the field", (text) => {
    expect(() => parseModelRelation(text)).toThrow(
      expect.objectContaining({ code: "BAD_ARGUMENT", message: "`relation` must be one of finetune, adapter, merge, quantized" }),
    );
  });
});
