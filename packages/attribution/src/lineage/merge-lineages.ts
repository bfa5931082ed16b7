import type { Lineage } from "./build-lineage.js";

/** One graph for several roots (a repository's models drawn together): each node and edge once, the first root's name. */
export function mergeLineages(graphs: readonly Lineage[]): Lineage {
  const nodes = new Map(graphs.flatMap((graph) => graph.nodes.map((node) => [node.id, node] as const)));
  const edges = new Map(graphs.flatMap((graph) => graph.edges.map((edge) => [`${edge.from}>${edge.to}>${edge.relation}`, edge] as const)));
  return { root: graphs[0]?.root ?? "", nodes: [...nodes.values()], edges: [...edges.values()] };
}
