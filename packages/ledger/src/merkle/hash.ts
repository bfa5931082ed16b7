/**
 * The two hash functions of RFC 9162 §2.1.1. The one-byte prefixes separate leaves from interior nodes, so that no
 * leaf can be passed off as a node (the second-preimage attack on plain Merkle trees).
 */
import { abytes } from "../bytes.js";
import { sha256 } from "../sha256.js";

export const HASH_SIZE = 32;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** MTH({}) = SHA-256() (RFC 9162 §2.1.1). Shared: never mutate it; functions that return it hand out a copy. */
export const EMPTY_ROOT: Uint8Array = sha256();

/** MTH({d0}) = SHA-256(0x00 ‖ d0). */
export function leafHash(data: Uint8Array): Uint8Array {
  abytes(data, undefined, "leaf data");
  return sha256(LEAF_PREFIX, data);
}

/** SHA-256(0x01 ‖ left ‖ right). Both children must be 32 bytes, or a short input could shift bytes between them. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  abytes(left, HASH_SIZE, "left child hash");
  abytes(right, HASH_SIZE, "right child hash");
  return sha256(NODE_PREFIX, left, right);
}
