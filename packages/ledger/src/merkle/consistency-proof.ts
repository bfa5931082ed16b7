/** The consistency proof of RFC 9162 §2.1.4.1, PROOF(oldSize, D[newSize]), ordered as the RFC's SUBPROOF builds it. */
import { ShouldersError } from "../errors.js";
import { splitPoint } from "./bits.js";
import { assertCount } from "./guards.js";
import { treeHash } from "./tree-hash.js";

export function consistencyProof(leafHashes: readonly Uint8Array[], oldSize: number, newSize: number): Uint8Array[] {
  assertCount(newSize, leafHashes.length, "new tree size");
  assertCount(oldSize, Number.MAX_SAFE_INTEGER, "old tree size");
  // §2.1.4: a proof relates two non-empty trees; every tree extends the empty one, so there is nothing to prove.
  if (oldSize === 0) throw new ShouldersError("BAD_ARGUMENT", "a consistency proof needs an old tree size above 0");
  if (oldSize > newSize) {
    throw new ShouldersError("BAD_ARGUMENT", `old tree size ${oldSize} is above new tree size ${newSize}`);
  }
  // SUBPROOF(m, D[start:end], b), unrolled: walk down while the old tree's edge m lies inside [start, end).
  // Elements are collected top-down, then reversed, because each recursion step appends its element last.
  const proof: Uint8Array[] = [];
  let start = 0;
  let end = newSize;
  let m = oldSize;
  let oldRootIsKnown = true; // the b flag: false once the walk has left the old tree's root behind
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      proof.push(treeHash(leafHashes.slice(start + k, end)));
      end = start + k;
    } else {
      proof.push(treeHash(leafHashes.slice(start, start + k)));
      start += k;
      m -= k;
      oldRootIsKnown = false;
    }
  }
  // SUBPROOF(m, D[m], false) = {MTH(D[m])}: the verifier cannot rebuild this node from the old root alone.
  if (!oldRootIsKnown) proof.push(treeHash(leafHashes.slice(start, end)));
  return proof.reverse();
}
