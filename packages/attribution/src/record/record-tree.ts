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
  // Aligned, so that a digest is 8 words of a Uint32Array: copied and compared without a native call apiece.
  const aligned = packed.byteOffset % 4 === 0 ? packed : packed.slice();
  const bytes = Buffer.from(aligned.buffer, aligned.byteOffset, aligned.length);
  const words = new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length / 4);
  // Sort by the first 4 bytes with the index alongside, natively, as 64-bit keys (high word: prefix, low word: index);
  // then order each run of equal prefixes, which only duplicates and rare prefix collisions make, by whole digests.
  const keys = new Uint32Array(count * 2);
  const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
  const [low, high] = littleEndian ? [0, 1] : [1, 0];
  for (let i = 0; i < count; i++) {
    keys[2 * i + low] = i;
    keys[2 * i + high] = bytes.readUInt32BE(i * D);
  }
  new BigUint64Array(keys.buffer).sort();
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = keys[2 * i + low] as number;
  const compare = (a: number, b: number) => bytes.compare(bytes, b * D, b * D + D, a * D, a * D + D);
  for (let start = 0; start < count; ) {
    let end = start + 1;
    while (end < count && keys[2 * end + high] === keys[2 * start + high]) end++;
    if (end - start > 1) order.set(Array.from(order.subarray(start, end)).sort(compare), start);
    start = end;
  }
  const out = new Uint32Array(words.length);
  const W = D / 4;
  let length = 0;
  for (let i = 0; i < count; i++) {
    const at = (order[i] as number) * W;
    // A duplicate sits next to its twin: both have the same prefix, so only then are whole digests compared.
    if (length > 0 && keys[2 * i + high] === keys[2 * (i - 1) + high] && compare(order[i - 1] as number, order[i] as number) === 0)
      continue;
    for (let w = 0; w < W; w++) out[length + w] = words[at + w] as number;
    length += W;
  }
  return new Uint8Array(out.buffer, 0, length * 4);
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
