import { describe, expect, it } from "vitest";
import { computeShares, type SplitGraph, type SplitNode } from "./split-graph.js";

function graph(root: string, nodes: SplitNode[]): SplitGraph {
  return { root, nodes: new Map(nodes.map((node) => [node.id, node])) };
}

describe("computeShares", () => {
  it("counts a diamond once per path", () => {
    // model → {a, b} → base: the base is reached twice and receives both shares.
    const g = graph("model", [
      {
        id: "model",
        label: "model",
        branches: [
          { key: "a", label: "a", weight: 1n, target: { node: "a" } },
          { key: "b", label: "b", weight: 1n, target: { node: "b" } },
        ],
      },
      {
        id: "a",
        label: "a",
        branches: [
          { key: "alice", label: "alice", weight: 1n, target: { party: "github:alice" } },
          { key: "base", label: "base", weight: 1n, target: { node: "base" } },
        ],
      },
      { id: "b", label: "b", branches: [{ key: "base", label: "base", weight: 1n, target: { node: "base" } }] },
      { id: "base", label: "base", branches: [{ key: "bob", label: "bob", weight: 1n, target: { party: "github:bob" } }] },
    ]);
    const shares = computeShares(g, 1000n);
    expect(shares.map((share) => [share.party, share.share])).toEqual([
      ["github:bob", 750n],
      ["github:alice", 250n],
    ]);
    expect(shares[0]?.paths).toHaveLength(2);
  });

  it("refuses a cycle", () => {
    const g = graph("a", [
      { id: "a", label: "a", branches: [{ key: "b", label: "b", weight: 1n, target: { node: "b" } }] },
      { id: "b", label: "b", branches: [{ key: "a", label: "a", weight: 1n, target: { node: "a" } }] },
    ]);
    expect(() => computeShares(g, 100n)).toThrow(expect.objectContaining({ code: "LINEAGE_CYCLE" }));
  });

  it("keeps every unit: nested splits sum to the total", () => {
    const g = graph("m", [
      {
        id: "m",
        label: "m",
        branches: [
          {
            key: "own",
            label: "own",
            weight: 7n,
            branches: [
              { key: "x", label: "x", weight: 1n, target: { party: "x" } },
              { key: "y", label: "y", weight: 2n, target: { party: "y" } },
            ],
          },
          { key: "up", label: "up", weight: 3n, target: { node: "d" } },
        ],
      },
      {
        id: "d",
        label: "d",
        branches: [
          { key: "x", label: "x", weight: 5n, target: { party: "x" } },
          { key: "z", label: "z", weight: 6n, target: { party: "z" } },
        ],
      },
    ]);
    for (const total of [0n, 1n, 7n, 99n, 10n ** 24n + 13n]) {
      const shares = computeShares(g, total);
      expect(shares.reduce((sum, share) => sum + share.share, 0n)).toBe(total);
    }
  });

  it("explains a long chain without copying the whole path at every step", () => {
    const nodes: SplitNode[] = [];
    for (let i = 0; i < 5000; i++) {
      nodes.push({
        id: `n${i}`,
        label: `model ${i}`,
        branches: [
          { key: "a", label: `trainer of ${i}`, weight: 1n, target: { party: `github:t${i}` } },
          ...(i < 4999 ? [{ key: "b", label: `base ${i + 1}`, weight: 1_000_000n, target: { node: `n${i + 1}` } }] : []),
        ],
      });
    }
    const shares = computeShares(graph("n0", nodes), 10n ** 24n);
    const deepest = shares.find((share) => share.party === "github:t4999");
    expect(deepest?.paths[0]?.steps.elided).toBeGreaterThan(4000);
  });
});
