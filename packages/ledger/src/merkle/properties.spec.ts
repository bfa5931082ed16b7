/**
 * Properties against a naive recursive reference written straight from the definitions of RFC 9162: MTH (§2.1.1),
 * PATH (§2.1.3.1) and PROOF/SUBPROOF (§2.1.4.1), over the raw entries D[n]. The reference verifiers undo those
 * definitions recursively, so the iterative verifiers of §2.1.3.2 and §2.1.4.2 are checked against them too.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concatBytes, equalBytes, toHex } from "../bytes.js";
import { sha256 } from "../sha256.js";
import { consistencyProof } from "./consistency-proof.js";
import { appendLeaf, emptyFrontier, frontierFromLeaves, frontierRoot, isWellFormedFrontier } from "./frontier.js";
import { leafHash } from "./hash.js";
import { inclusionProof } from "./inclusion-proof.js";
import { treeHash } from "./tree-hash.js";
import { verifyConsistency } from "./verify-consistency.js";
import { verifyInclusion } from "./verify-inclusion.js";

// ---- The reference, from the RFC's definitions ----

const H = (...parts: Uint8Array[]) => sha256(...parts);
const node = (left: Uint8Array, right: Uint8Array) => H(Uint8Array.of(1), left, right);

/** "k is the largest power of two smaller than n". */
function k(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function MTH(D: Uint8Array[]): Uint8Array {
  const n = D.length;
  if (n === 0) return H();
  if (n === 1) return H(Uint8Array.of(0), D[0] as Uint8Array);
  return node(MTH(D.slice(0, k(n))), MTH(D.slice(k(n))));
}

function PATH(m: number, D: Uint8Array[]): Uint8Array[] {
  const n = D.length;
  if (n <= 1) return [];
  if (m < k(n)) return [...PATH(m, D.slice(0, k(n))), MTH(D.slice(k(n)))];
  return [...PATH(m - k(n), D.slice(k(n))), MTH(D.slice(0, k(n)))];
}

function SUBPROOF(m: number, D: Uint8Array[], b: boolean): Uint8Array[] {
  const n = D.length;
  if (m === n) return b ? [] : [MTH(D)];
  if (m <= k(n)) return [...SUBPROOF(m, D.slice(0, k(n)), b), MTH(D.slice(k(n)))];
  return [...SUBPROOF(m - k(n), D.slice(k(n)), false), MTH(D.slice(0, k(n)))];
}

const PROOF = (m: number, D: Uint8Array[]) => SUBPROOF(m, D, true);

/** Rebuilds the root from a PATH by undoing its recursion; undefined when the path has the wrong length. */
function rootFromPath(leaf: Uint8Array, m: number, n: number, path: Uint8Array[]): Uint8Array | undefined {
  if (n === 1) return path.length === 0 ? leaf : undefined;
  const last = path[path.length - 1];
  if (last === undefined) return undefined;
  const inner = m < k(n) ? rootFromPath(leaf, m, k(n), path.slice(0, -1)) : rootFromPath(leaf, m - k(n), n - k(n), path.slice(0, -1));
  if (inner === undefined) return undefined;
  return m < k(n) ? node(inner, last) : node(last, inner);
}

function referenceVerifyInclusion(leaf: Uint8Array, m: number, n: number, path: Uint8Array[], root: Uint8Array) {
  if (m >= n) return false;
  const rebuilt = rootFromPath(leaf, m, n, path);
  return rebuilt !== undefined && equalBytes(rebuilt, root);
}

/** Rebuilds [old root, new root] from a SUBPROOF by undoing its recursion; undefined when the shape is wrong. */
type Roots = [old: Uint8Array, new: Uint8Array];
function rootsFromSubproof(m: number, n: number, b: boolean, proof: Uint8Array[], oldRoot: Uint8Array): Roots | undefined {
  if (m === n) {
    if (b) return proof.length === 0 ? [oldRoot, oldRoot] : undefined;
    return proof.length === 1 ? [proof[0] as Uint8Array, proof[0] as Uint8Array] : undefined;
  }
  const last = proof[proof.length - 1];
  if (last === undefined) return undefined;
  if (m <= k(n)) {
    const inner = rootsFromSubproof(m, k(n), b, proof.slice(0, -1), oldRoot);
    return inner && [inner[0], node(inner[1], last)];
  }
  const inner = rootsFromSubproof(m - k(n), n - k(n), false, proof.slice(0, -1), oldRoot);
  return inner && [node(last, inner[0]), node(last, inner[1])];
}

function referenceVerifyConsistency(m: number, n: number, oldRoot: Uint8Array, newRoot: Uint8Array, proof: Uint8Array[]) {
  if (m === 0 || m > n) return false;
  const roots = rootsFromSubproof(m, n, true, proof, oldRoot);
  return roots !== undefined && equalBytes(roots[0], oldRoot) && equalBytes(roots[1], newRoot);
}

// ---- Generators ----

/** Random entries, duplicates and empty ones included. */
const entries = (minLength: number) => fc.array(fc.uint8Array({ maxLength: 6 }), { minLength, maxLength: 70 });

/** Distinct entries, so that a proof for one leaf can never also be a proof for another. */
const distinctEntries = (minLength: number) =>
  fc
    .tuple(fc.uint8Array({ maxLength: 4 }), fc.integer({ min: minLength, max: 70 }))
    .map(([salt, n]) => Array.from({ length: n }, (_, i) => concatBytes(salt, Uint8Array.of(i >> 8, i & 0xff))));

/** A tree and an index into it. */
const treeAndIndex = distinctEntries(1).chain((D) => fc.tuple(fc.constant(D), fc.nat(D.length - 1)));

/** A tree and two sizes 0 < m ≤ n ≤ D.length. */
const treeAndSizes = distinctEntries(1).chain((D) =>
  fc.integer({ min: 1, max: D.length }).chain((n) => fc.tuple(fc.constant(D), fc.integer({ min: 1, max: n }), fc.constant(n))),
);

function flipBit(proof: Uint8Array[], at: number, bit: number): Uint8Array[] {
  return proof.map((h, i) => (i === at ? h.map((byte, j) => (j === bit >> 3 ? byte ^ (1 << (bit & 7)) : byte)) : h));
}

// ---- Properties ----

describe("the reference itself", () => {
  it("reproduces transparency-dev's root for 8 leaves", () => {
    const D = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map(
      (hex) => new Uint8Array(Buffer.from(hex, "hex")),
    );
    expect(toHex(MTH(D))).toBe("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
  });
});

describe("treeHash and the frontier against MTH", () => {
  it("treeHash equals MTH for every size up to 70, and for every prefix", () => {
    fc.assert(
      fc.property(entries(0), fc.nat(), (D, cut) => {
        const leaves = D.map(leafHash);
        expect(toHex(treeHash(leaves))).toBe(toHex(MTH(D)));
        const size = cut % (D.length + 1);
        expect(toHex(treeHash(leaves, size))).toBe(toHex(MTH(D.slice(0, size))));
      }),
    );
  });

  it("frontierRoot after each of n appends equals treeHash, and each frontier is well formed", () => {
    fc.assert(
      fc.property(entries(0), (D) => {
        const leaves = D.map(leafHash);
        let frontier = emptyFrontier();
        expect(toHex(frontierRoot(frontier))).toBe(toHex(treeHash([])));
        leaves.forEach((leaf, i) => {
          frontier = appendLeaf(frontier, leaf);
          expect(isWellFormedFrontier(frontier)).toBe(true);
          expect(toHex(frontierRoot(frontier))).toBe(toHex(treeHash(leaves, i + 1)));
        });
        expect(frontier.hashes.map(toHex)).toEqual(frontierFromLeaves(leaves).hashes.map(toHex));
      }),
    );
  });
});

describe("inclusion proofs against PATH", () => {
  it("inclusionProof equals PATH and verifies, as the reference verifier agrees", () => {
    fc.assert(
      fc.property(treeAndIndex, ([D, m]) => {
        const leaves = D.map(leafHash);
        const proof = inclusionProof(leaves, m, D.length);
        expect(proof.map(toHex)).toEqual(PATH(m, D).map(toHex));
        const root = treeHash(leaves);
        expect(verifyInclusion(leaves[m] as Uint8Array, m, D.length, proof, root)).toBe(true);
        expect(referenceVerifyInclusion(leaves[m] as Uint8Array, m, D.length, proof, root)).toBe(true);
      }),
    );
  });

  it("refuses a flipped bit in any proof element, or a wrong root", () => {
    fc.assert(
      fc.property(treeAndIndex, fc.nat(), fc.nat(255), ([D, m], at, bit) => {
        const leaves = D.map(leafHash);
        const proof = inclusionProof(leaves, m, D.length);
        const root = treeHash(leaves);
        const leaf = leaves[m] as Uint8Array;
        if (proof.length > 0) expect(verifyInclusion(leaf, m, D.length, flipBit(proof, at % proof.length, bit), root)).toBe(false);
        expect(verifyInclusion(leaf, m, D.length, proof, flipBit([root], 0, bit)[0] as Uint8Array)).toBe(false);
        expect(verifyInclusion(leaf, m, D.length, proof, treeHash(leaves, D.length - 1))).toBe(false);
      }),
    );
  });

  it("refuses every other index of the same tree", () => {
    fc.assert(
      fc.property(treeAndIndex, ([D, m]) => {
        const leaves = D.map(leafHash);
        const proof = inclusionProof(leaves, m, D.length);
        const root = treeHash(leaves);
        for (let other = 0; other <= D.length; other++) {
          if (other !== m) expect(verifyInclusion(leaves[m] as Uint8Array, other, D.length, proof, root)).toBe(false);
        }
      }),
    );
  });

  it("judges every other size exactly as the reference verifier does, refusing all whose path differs", () => {
    fc.assert(
      fc.property(treeAndIndex, ([D, m]) => {
        const leaves = D.map(leafHash);
        const proof = inclusionProof(leaves, m, D.length);
        const root = treeHash(leaves);
        for (let size = 0; size <= 2 * D.length + 1; size++) {
          const got = verifyInclusion(leaves[m] as Uint8Array, m, size, proof, root);
          expect(got).toBe(referenceVerifyInclusion(leaves[m] as Uint8Array, m, size, proof, root));
          if (size === D.length * 2 || size === D.length >> 1) expect(got).toBe(false);
        }
      }),
    );
  });

  it("agrees with the reference verifier on proofs cut short, padded or reordered", () => {
    fc.assert(
      fc.property(treeAndIndex, fc.nat(), fc.nat(), ([D, m], a, b) => {
        const leaves = D.map(leafHash);
        const proof = inclusionProof(leaves, m, D.length);
        const root = treeHash(leaves);
        const leaf = leaves[m] as Uint8Array;
        const variants = [proof.slice(1), proof.slice(0, -1), [...proof, root], [root, ...proof], [...proof].reverse()];
        if (proof.length > 1) {
          const swapped = [...proof];
          const [i, j] = [a % proof.length, b % proof.length];
          [swapped[i], swapped[j]] = [swapped[j] as Uint8Array, swapped[i] as Uint8Array];
          variants.push(swapped);
        }
        for (const variant of variants) {
          expect(verifyInclusion(leaf, m, D.length, variant, root)).toBe(referenceVerifyInclusion(leaf, m, D.length, variant, root));
        }
      }),
    );
  });
});

describe("consistency proofs against PROOF", () => {
  it("consistencyProof equals PROOF and verifies, as the reference verifier agrees", () => {
    fc.assert(
      fc.property(treeAndSizes, ([D, m, n]) => {
        const leaves = D.map(leafHash);
        const proof = consistencyProof(leaves, m, n);
        expect(proof.map(toHex)).toEqual(PROOF(m, D.slice(0, n)).map(toHex));
        const [oldRoot, newRoot] = [treeHash(leaves, m), treeHash(leaves, n)];
        expect(verifyConsistency(m, n, oldRoot, newRoot, proof)).toBe(true);
        expect(referenceVerifyConsistency(m, n, oldRoot, newRoot, proof)).toBe(true);
      }),
    );
  });

  it("refuses a flipped bit in any proof element, or a wrong old or new root", () => {
    fc.assert(
      fc.property(treeAndSizes, fc.nat(), fc.nat(255), ([D, m, n], at, bit) => {
        const leaves = D.map(leafHash);
        const proof = consistencyProof(leaves, m, n);
        const [oldRoot, newRoot] = [treeHash(leaves, m), treeHash(leaves, n)];
        const flip = (h: Uint8Array) => flipBit([h], 0, bit)[0] as Uint8Array;
        if (proof.length > 0) expect(verifyConsistency(m, n, oldRoot, newRoot, flipBit(proof, at % proof.length, bit))).toBe(false);
        expect(verifyConsistency(m, n, flip(oldRoot), newRoot, proof)).toBe(false);
        expect(verifyConsistency(m, n, oldRoot, flip(newRoot), proof)).toBe(false);
        if (m !== n) expect(verifyConsistency(m, n, newRoot, oldRoot, proof)).toBe(false);
      }),
    );
  });

  it("judges every other pair of sizes exactly as the reference verifier does", () => {
    fc.assert(
      fc.property(treeAndSizes, ([D, m, n]) => {
        const leaves = D.map(leafHash);
        const proof = consistencyProof(leaves, m, n);
        const [oldRoot, newRoot] = [treeHash(leaves, m), treeHash(leaves, n)];
        for (let m2 = 0; m2 <= n + 2; m2++) {
          for (const n2 of [m2, n - 1, n, n + 1, 2 * n, n >> 1]) {
            const got = verifyConsistency(m2, n2, oldRoot, newRoot, proof);
            expect(got).toBe(referenceVerifyConsistency(m2, n2, oldRoot, newRoot, proof));
            if (m2 > n2 || m2 === 0) expect(got).toBe(false);
          }
        }
      }),
    );
  });

  it("agrees with the reference verifier on proofs cut short, padded or reordered", () => {
    fc.assert(
      fc.property(treeAndSizes, ([D, m, n]) => {
        const leaves = D.map(leafHash);
        const proof = consistencyProof(leaves, m, n);
        const [oldRoot, newRoot] = [treeHash(leaves, m), treeHash(leaves, n)];
        const variants = [[], proof.slice(1), proof.slice(0, -1), [...proof, newRoot], [oldRoot, ...proof], [...proof].reverse()];
        for (const variant of variants) {
          expect(verifyConsistency(m, n, oldRoot, newRoot, variant)).toBe(referenceVerifyConsistency(m, n, oldRoot, newRoot, variant));
        }
      }),
    );
  });
});
