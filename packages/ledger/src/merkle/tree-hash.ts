/** The tree head of RFC 9162 §2.1.1, MTH(D[size]), computed without recursion in O(size) hashes. */
import { frontierFromLeaves, frontierRoot } from "./frontier.js";
import { assertCount } from "./guards.js";

/** MTH over the first `size` leaf hashes; EMPTY_ROOT (a copy) when size is 0. */
export function treeHash(leafHashes: readonly Uint8Array[], size: number = leafHashes.length): Uint8Array {
  assertCount(size, leafHashes.length, "tree size");
  return frontierRoot(frontierFromLeaves(leafHashes.slice(0, size)));
}
