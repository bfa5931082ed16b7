/** The audit path of RFC 9162 §2.1.3.1, PATH(index, D[size]), ordered from the leaf's sibling up to the root's child. */
import { ShouldersError } from "../errors.js";
import { splitPoint } from "./bits.js";
import { assertCount } from "./guards.js";
import { treeHash } from "./tree-hash.js";

export function inclusionProof(leafHashes: readonly Uint8Array[], index: number, size: number): Uint8Array[] {
  assertCount(size, leafHashes.length, "tree size");
  assertCount(index, Number.MAX_SAFE_INTEGER, "leaf index");
  if (index >= size) throw new ShouldersError("INDEX_OUT_OF_RANGE", `leaf index ${index} is not below size ${size}`);
  // Walk down from the root: at each split, the subtree without the leaf is one path element. The recursion of
  // §2.1.3.1 appends the top one last, so the walk collects them top-down and reverses. The subtrees are disjoint,
  // so the whole proof costs at most size hashes.
  const path: Uint8Array[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const mid = start + splitPoint(end - start);
    if (index < mid) {
      path.push(treeHash(leafHashes.slice(mid, end)));
      end = mid;
    } else {
      path.push(treeHash(leafHashes.slice(start, mid)));
      start = mid;
    }
  }
  return path.reverse();
}
