/**
 * RFC 9162 §2.1.4.2, step for step, plus the edge cases it leaves out, handled as transparency-dev/merkle does.
 * Every input may come from an attacker, so anything malformed is a plain false, never an exception.
 */
import { equalBytes } from "../bytes.js";
import { half, isOdd, isPowerOfTwo } from "./bits.js";
import { isCount, isHash, isHashList } from "./guards.js";
import { nodeHash } from "./hash.js";

export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isCount(oldSize) || !isCount(newSize) || !isHash(oldRoot) || !isHash(newRoot) || !isHashList(proof)) {
    return false;
  }
  // The algorithm needs 0 < first < second. A shrinking log is never consistent. A proof from size 0 is refused as
  // meaningless, as transparency-dev/merkle does: a caller holding an empty old checkpoint must instead check that
  // its root is EMPTY_ROOT, since every log extends the empty one.
  if (oldSize === 0 || oldSize > newSize) return false;
  // Equal sizes: PROOF(m, D[m]) is empty (§2.1.4.1), and the two heads must be the same tree.
  if (oldSize === newSize) return proof.length === 0 && equalBytes(oldRoot, newRoot);
  // 1.
  if (proof.length === 0) return false;
  // 2. A perfect old tree is a node of the new one, so the proof leaves it out and the verifier supplies it.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  // 3, 4.
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // 5.
  let fr = path[0] as Uint8Array;
  let sr = fr;
  // 6.
  for (const c of path.slice(1)) {
    // 6a. Refuses a proof longer than the path to the new root.
    if (sn === 0) return false;
    // 6b. A left sibling is shared by both trees; a right sibling only extends the new one.
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    // 6c.
    fn = half(fn);
    sn = half(sn);
  }
  // 7. Both heads must come out, and sn = 0 refuses a proof that stops short of the new root.
  return sn === 0 && equalBytes(fr, oldRoot) && equalBytes(sr, newRoot);
}
