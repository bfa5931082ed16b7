/**
 * A compact range over [0, size) (transparency-dev/merkle `compact`): the roots of the perfect subtrees in the binary
 * decomposition of size, largest (leftmost) first. Appending merges equal-height roots like a binary counter carries,
 * so an append costs amortised O(1) hashes and never re-hashes the log.
 */
import { abytes } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { half, isOdd, popcount } from "./bits.js";
import { isCount, isHash } from "./guards.js";
import { EMPTY_ROOT, HASH_SIZE, nodeHash } from "./hash.js";

export type Frontier = { size: number; hashes: Uint8Array[] };

export function emptyFrontier(): Frontier {
  return { size: 0, hashes: [] };
}

/**
 * A frontier read from disk is attacker input, and a cache a verifier never needs. This checks only its shape, not
 * that its hashes are right: a writer should compare frontierRoot with the signed checkpoint before trusting it.
 */
export function isWellFormedFrontier(frontier: unknown): frontier is Frontier {
  if (typeof frontier !== "object" || frontier === null) return false;
  const { size, hashes } = frontier as Partial<Frontier>;
  return isCount(size) && Array.isArray(hashes) && hashes.length === popcount(size) && hashes.every(isHash);
}

/** Pure: returns a new frontier. Copies the O(log size) root list, and hashes once per trailing 1 bit of size. */
export function appendLeaf(frontier: Frontier, leafHash: Uint8Array): Frontier {
  assertWellFormed(frontier);
  abytes(leafHash, HASH_SIZE, "leaf hash");
  if (frontier.size === Number.MAX_SAFE_INTEGER) throw new ShouldersError("BAD_ARGUMENT", "the frontier is full");
  const hashes = frontier.hashes.slice();
  push(hashes, frontier.size, leafHash);
  return { size: frontier.size + 1, hashes };
}

export function frontierFromLeaves(leafHashes: readonly Uint8Array[]): Frontier {
  const hashes: Uint8Array[] = [];
  leafHashes.forEach((leaf, i) => {
    abytes(leaf, HASH_SIZE, `leaf hash ${i}`);
    push(hashes, i, leaf);
  });
  return { size: leafHashes.length, hashes };
}

/**
 * MTH (RFC 9162 §2.1.1) splits at the largest power of two below n, which is the leftmost perfect subtree; so the
 * tree head is the subtree roots folded from the right: h0 ‖ (h1 ‖ (… ‖ hk)).
 */
export function frontierRoot(frontier: Frontier): Uint8Array {
  assertWellFormed(frontier);
  const { hashes } = frontier;
  let root = hashes[hashes.length - 1];
  if (root === undefined) return EMPTY_ROOT.slice();
  for (let i = hashes.length - 2; i >= 0; i--) root = nodeHash(hashes[i] as Uint8Array, root);
  return root;
}

/** Adds the leaf at index size: each trailing 1 bit of size is a completed subtree of equal height to merge with. */
function push(hashes: Uint8Array[], size: number, leafHash: Uint8Array): void {
  let node = leafHash;
  for (let n = size; isOdd(n); n = half(n)) node = nodeHash(hashes.pop() as Uint8Array, node);
  hashes.push(node);
}

function assertWellFormed(frontier: Frontier): void {
  if (!isWellFormedFrontier(frontier)) {
    throw new ShouldersError("BAD_ARGUMENT", "malformed frontier: needs popcount(size) hashes of 32 bytes");
  }
}
