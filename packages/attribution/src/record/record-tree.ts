/**
 * The record tree of a dataset version: its distinct record digests in byte order, as the leaves of an RFC 9162
 * Merkle tree. Sorted, so the root says which records the version holds and nothing about files or order: a shard or a
 * shuffle of the same rows has the same root. Both functions here work on digests packed 32 bytes apiece, because a
 * version may hold millions of records and an object per record would cost more than the hashing.
 */
import { hash } from "node:crypto";
import { treeHash } from "@shoulders/ledger";
import { RECORD_DIGEST_BYTES } from "./record-digests.js";

const D = RECORD_DIGEST_BYTES;

/** The distinct digests of `packed`, in byte order. */
export function sortedDistinctDigests(packed: Uint8Array): Uint8Array {
  const count = packed.length / D;
  const bytes = Buffer.from(packed.buffer, packed.byteOffset, packed.length);
  // Sort by the first 4 bytes with the index alongside, natively, as 64-bit keys (high word: prefix, low word: index);
  // then order each run of equal prefixes, which only duplicates and rare prefix collisions make, by whole digests.
  const keys = new Uint32Array(count * 2);
  for (let i = 0; i < count; i++) {
    keys[2 * i] = i;
    keys[2 * i + 1] = bytes.readUInt32BE(i * D);
  }
  const sortedKeys = new BigUint64Array(keys.buffer).sort();
  const order = new Uint32Array(count);
  const words = new Uint32Array(sortedKeys.buffer);
  const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
  for (let i = 0; i < count; i++) order[i] = words[2 * i + (littleEndian ? 0 : 1)] as number;
  const compare = (a: number, b: number) => bytes.compare(bytes, b * D, b * D + D, a * D, a * D + D);
  for (let start = 0; start < count; ) {
    let end = start + 1;
    const prefix = sortedKeys[start] as bigint;
    while (end < count && (sortedKeys[end] as bigint) >> 32n === prefix >> 32n) end++;
    if (end - start > 1) order.set(Array.from(order.subarray(start, end)).sort(compare), start);
    start = end;
  }
  const out = Buffer.allocUnsafe(packed.length);
  let length = 0;
  for (let i = 0; i < count; i++) {
    const at = (order[i] as number) * D;
    if (length > 0 && bytes.compare(out, length - D, length, at, at + D) === 0) continue;
    bytes.copy(out, length, at, at + D);
    length += D;
  }
  return new Uint8Array(out.buffer, out.byteOffset, length);
}

/**
 * MTH over the leaf hashes packed in `leaves` (RFC 9162 §2.1.1): the same root as @shoulders/ledger's treeHash (a test
 * holds them equal), computed level by level in one buffer. Pairing each level from the left and carrying an odd last
 * node up unchanged gives §2.1.1's split at the largest power of two below n. treeHash allocates per node, which over
 * a million records costs more than hashing them did.
 */
export function recordTreeRoot(leaves: Uint8Array): Uint8Array {
  let count = leaves.length / D;
  if (count === 0) return treeHash([]);
  const level = Buffer.from(leaves);
  const node = Buffer.allocUnsafe(1 + 2 * D);
  node[0] = 0x01;
  while (count > 1) {
    const pairs = count >> 1;
    for (let i = 0; i < pairs; i++) {
      level.copy(node, 1, 2 * i * D, 2 * i * D + 2 * D);
      level.write(hash("sha256", node, "binary"), i * D, "latin1");
    }
    if (count & 1) level.copy(level, pairs * D, (count - 1) * D, count * D);
    count = pairs + (count & 1);
  }
  return new Uint8Array(level.subarray(0, D));
}
