import { describe, expect, it } from "vitest";
import type { Lineage, LineageEdge, LineageNode } from "./build-lineage.js";
import { mergeLineages } from "./merge-lineages.js";

const node = (id: string): LineageNode => ({ id, kind: "model", label: id, facts: {} });
const edge = (from: string, to: string, relation: string): LineageEdge => ({ from, to, relation });

describe("mergeLineages", () => {
  it("draws several roots as one graph, each node and edge once", () => {
    const a: Lineage = { root: "a", nodes: [node("a"), node("base")], edges: [edge("base", "a", "finetune")] };
    const b: Lineage = {
      root: "b",
      nodes: [node("b"), node("base")],
      edges: [edge("base", "b", "finetune"), edge("base", "a", "finetune")],
    };
    expect(mergeLineages([a, b])).toEqual({
      root: "a",
      nodes: [node("a"), node("base"), node("b")],
      edges: [edge("base", "a", "finetune"), edge("base", "b", "finetune")],
    });
    expect(mergeLineages([])).toEqual({ root: "", nodes: [], edges: [] });
  });
});
