/**
 * RFC 9162 §2.1.3.2, step for step. Every input may come from an attacker, so anything malformed (a size that is not
 * a safe integer, a hash that is not 32 bytes) is a plain false, never an exception.
 */
import { equalBytes } from "../bytes.js";
import { half, isOdd } from "./bits.js";
import { isCount, isHash, isHashList } from "./guards.js";
import { nodeHash } from "./hash.js";

export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isCount(index) || !isCount(size) || !isHash(leafHash) || !isHash(root) || !isHashList(proof)) return false;
  // 1. leaf_index must be below tree_size.
  if (index >= size) return false;
  // 2, 3.
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  // 4.
  for (const p of proof) {
    // 4a. A proof longer than the path would otherwise keep hashing past the root.
    if (sn === 0) return false;
    // 4b. fn is a right child, or the last node of its level, whose parent sits higher up.
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    // 4c.
    fn = half(fn);
    sn = half(sn);
  }
  // 5. sn = 0 means the proof reached the root: a short proof is refused here.
  return sn === 0 && equalBytes(r, root);
}
