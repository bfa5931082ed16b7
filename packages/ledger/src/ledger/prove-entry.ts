import { readFileSync } from "node:fs";
import { toBase64 } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { leafHash } from "../merkle/hash.js";
import { inclusionProof } from "../merkle/inclusion-proof.js";
import { verifyInclusion } from "../merkle/verify-inclusion.js";
import { layoutOf } from "../store/layout.js";
import { readCheckpoint, readTrust } from "../store/log-writer.js";
import { readLog } from "../store/read-log.js";

export type EntryProof = {
  index: number;
  treeSize: number;
  /** Base64, like every hash below: the leaf hash, the root the checkpoint signs, and the audit path (RFC 9162 2.1.3). */
  leafHash: string;
  rootHash: string;
  proof: string[];
  /** The signed checkpoint the proof is against, as its note text. */
  checkpoint: string;
};

/**
 * An RFC 9162 inclusion proof that entry `index` is in the tree the signed checkpoint commits to, so anyone holding
 * the checkpoint can check one entry without the rest of the log. The proof is checked before it is handed out: one
 * that fails means the log and its checkpoint disagree, which is said, never printed as a proof.
 */
export function proveEntry(dir: string, index: number): EntryProof {
  const layout = layoutOf(dir);
  const checkpoint = readCheckpoint(layout, readTrust(layout));
  if (index >= checkpoint.size) {
    throw new ShouldersError(
      "INDEX_OUT_OF_RANGE",
      `entry ${index} is not committed: the checkpoint covers entries 0 to ${checkpoint.size - 1}`,
    );
  }
  const leaves: Uint8Array[] = [];
  for (const event of readLog(layout)) {
    if (event.index >= checkpoint.size) break;
    if (event.kind !== "line")
      throw new ShouldersError("MALFORMED_ENTRY", `entry ${event.index} is not a complete line`, { index: event.index });
    leaves.push(leafHash(event.bytes));
  }
  const proof = inclusionProof(leaves, index, checkpoint.size);
  const leaf = leaves[index] as Uint8Array;
  if (!verifyInclusion(leaf, index, checkpoint.size, proof, checkpoint.rootHash)) {
    throw new ShouldersError("CHECKPOINT_MISMATCH", "the log does not match its checkpoint; run shoulders verify");
  }
  return {
    index,
    treeSize: checkpoint.size,
    leafHash: toBase64(leaf),
    rootHash: toBase64(checkpoint.rootHash),
    proof: proof.map(toBase64),
    checkpoint: readFileSync(layout.checkpoint, "utf8"),
  };
}
