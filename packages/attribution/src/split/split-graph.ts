import { ShouldersError } from "@shoulders/ledger";
import { compareBytes, largestRemainder } from "../money/largest-remainder.js";

/** Where a share ends: another artifact of the graph, or a party (an identity) who is paid. */
export type Target = { node: string } | { party: string };

/**
 * A node's income is divided by a small tree of weighted branches (own vs upstream, then trainer vs code, then each
 * author…). Each level is split exactly by largest remainder, so no fraction of a unit is ever lost or invented.
 */
export type Branch = { key: string; label: string; weight: bigint; target?: Target; branches?: Branch[] };

/**
 * A model's node names the split policy that divides it (the entry that recorded it, or null for the default) and the
 * release entry its lineage follows.
 */
export type SplitNode = { id: string; label: string; branches: Branch[]; policy?: PolicyUse; release?: ReleaseUse };

export type PolicyUse = { artifact: string; entry: number | null };
export type ReleaseUse = { artifact: string; entry: number };

/**
 * `releases` holds every ledger model the lineage looked up, with the release entry it found (null: none), so a split
 * can tell whether the lineage it built still holds at another receipt (split-revenue.ts).
 */
export type SplitGraph = { root: string; nodes: Map<string, SplitNode>; releases?: ReadonlyMap<string, number | null> };

/**
 * The labels along a path, keeping only its first and last few: a path through 10,000 fine-tunes must not cost 10,000
 * copies at every step, or splitting a long lineage would take quadratic time.
 */
export type PathSteps = { first: readonly string[]; last: readonly string[]; elided: number };

const KEPT_STEPS = 4;
const NO_STEPS: PathSteps = { first: [], last: [], elided: 0 };

function extendSteps(steps: PathSteps, labels: readonly string[]): PathSteps {
  let { first, last, elided } = steps;
  for (const label of labels) {
    if (last.length === 0 && elided === 0 && first.length < KEPT_STEPS) first = [...first, label];
    else if (last.length < KEPT_STEPS) last = [...last, label];
    else {
      last = [...last.slice(1), label];
      elided++;
    }
  }
  return { first, last, elided };
}

/** The path as text steps, with the middle of a long path elided. */
export function pathStepsText(steps: PathSteps): string[] {
  return [...steps.first, ...(steps.elided > 0 ? [`… ${steps.elided} more steps …`] : []), ...steps.last];
}

/** One way the money reaches a party: the labels along the path and the fraction of the total it carries. */
export type SharePath = { fraction: number; steps: PathSteps };

export type PartyShare = { party: string; share: bigint; paths: SharePath[] };

/** How many of the largest paths explain each party; the number of paths in a DAG can grow exponentially. */
export const PATHS_PER_PARTY = 3;

/**
 * Divides `total` units among parties, following the graph from its root in topological order: a node receives what
 * every edge into it carries (so in a diamond, every path counts), then divides it among its branches. Linear in the
 * size of the graph; a cycle is an error.
 */
export function computeShares(graph: SplitGraph, total: bigint): PartyShare[] {
  const order = topologicalOrder(graph);
  const received = new Map<string, bigint>([[graph.root, total]]);
  const paths = new Map<string, SharePath[]>([[graph.root, [{ fraction: 1, steps: NO_STEPS }]]]);
  const parties = new Map<string, { share: bigint; paths: SharePath[] }>();
  const totalNumber = Number(total) || 1;

  for (const id of order) {
    const node = graph.nodes.get(id) as SplitNode;
    const share = received.get(id) ?? 0n;
    const incoming = paths.get(id) ?? [];
    const credit = (target: Target, amount: bigint, steps: string[]) => {
      const extended = incoming.map((path) => ({ fraction: path.fraction, steps: extendSteps(path.steps, steps) }));
      const fraction = Number(amount) / totalNumber;
      if ("party" in target) {
        const entry = parties.get(target.party) ?? { share: 0n, paths: [] };
        entry.share += amount;
        entry.paths = topPaths([...entry.paths, ...scale(extended, fraction)]);
        parties.set(target.party, entry);
      } else {
        received.set(target.node, (received.get(target.node) ?? 0n) + amount);
        paths.set(target.node, topPaths([...(paths.get(target.node) ?? []), ...scale(extended, fraction)]));
      }
    };
    const divide = (amount: bigint, branches: Branch[], steps: string[]) => {
      const parts = largestRemainder(
        amount,
        branches.map((branch) => ({ key: branch.key, weight: branch.weight })),
      );
      for (const branch of branches) {
        const part = parts.get(branch.key) ?? 0n;
        // A branch that carries nothing credits nobody: a 0% base model is not a party with 0.00.
        if (part === 0n) continue;
        const next = [...steps, branch.label];
        // The root names itself; every other node was already named by the branch that led to it.
        if (branch.target !== undefined) credit(branch.target, part, id === graph.root ? [node.label, ...next] : next);
        else divide(part, branch.branches ?? [], next);
      }
    };
    divide(share, node.branches, []);
  }
  return [...parties]
    .map(([party, { share, paths: partyPaths }]) => ({ party, share, paths: partyPaths }))
    .sort((a, b) => (a.share > b.share ? -1 : a.share < b.share ? 1 : compareBytes(a.party, b.party)));
}

/** Rescales paths that reached a node so their fractions sum to what this edge carries. */
function scale(paths: SharePath[], fraction: number): SharePath[] {
  const sum = paths.reduce((total, path) => total + path.fraction, 0);
  return paths.map((path) => ({ fraction: sum === 0 ? 0 : (path.fraction / sum) * fraction, steps: path.steps }));
}

function topPaths(paths: SharePath[]): SharePath[] {
  return paths.sort((a, b) => b.fraction - a.fraction).slice(0, PATHS_PER_PARTY);
}

/** Kahn's algorithm over the nodes reachable from the root; a node left over sits on a cycle. */
export function topologicalOrder(graph: SplitGraph): string[] {
  const children = (id: string) => targetsOf(graph.nodes.get(id)?.branches ?? []);
  const reachable = new Set<string>();
  const stack = [graph.root];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (reachable.has(id)) continue;
    if (!graph.nodes.has(id)) throw new ShouldersError("INTERNAL", `split graph: no node ${id}`);
    reachable.add(id);
    stack.push(...children(id));
  }
  const inDegree = new Map<string, number>([...reachable].map((id) => [id, 0]));
  for (const id of reachable) for (const child of children(id)) inDegree.set(child, (inDegree.get(child) ?? 0) + 1);
  const ready = [...reachable].filter((id) => inDegree.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.pop() as string;
    order.push(id);
    for (const child of children(id)) {
      const left = (inDegree.get(child) as number) - 1;
      inDegree.set(child, left);
      if (left === 0) ready.push(child);
    }
  }
  if (order.length !== reachable.size) {
    const stuck = [...reachable].find((id) => !order.includes(id));
    throw new ShouldersError(
      "LINEAGE_CYCLE",
      `the lineage has a cycle through ${graph.nodes.get(stuck as string)?.label ?? stuck}; shares cannot flow around a loop`,
    );
  }
  return order;
}

/** Node targets of a branch tree, with repeats (each edge counts for in-degrees). */
function targetsOf(branches: readonly Branch[]): string[] {
  const found: string[] = [];
  for (const branch of branches) {
    if (branch.target !== undefined && "node" in branch.target) found.push(branch.target.node);
    if (branch.branches !== undefined) found.push(...targetsOf(branch.branches));
  }
  return found;
}
