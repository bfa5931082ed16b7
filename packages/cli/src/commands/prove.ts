import { readFileSync } from "node:fs";
import {
  inclusionProof,
  layoutOf,
  leafHash,
  readCheckpoint,
  readLog,
  readTrust,
  ShouldersError,
  toBase64,
  verifyInclusion,
} from "@shoulders/ledger";
import { ledgerDir, parse, parseIndex } from "../args.js";
import type { Io } from "../io.js";
import { printHelp, printJson } from "../output.js";

export const proveHelp = `Usage: shoulders prove INDEX [--dir DIR] [--json]

Prints an RFC 9162 inclusion proof that entry INDEX is in the tree the checkpoint signs:
the leaf hash and the audit path, base64. Anyone holding the checkpoint can check it
without the rest of the log.`;

export async function prove(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("prove", argv, {}, { min: 1, max: 1 });
  if (values.help) return printHelp(io, proveHelp);
  const index = parseIndex(positionals[0] as string, "INDEX");
  const layout = layoutOf(ledgerDir(io, values.dir));
  const trust = readTrust(layout);
  const checkpoint = readCheckpoint(layout, trust);
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
  // Never hand out a proof that does not check: it would mean the log and its checkpoint disagree.
  if (!verifyInclusion(leaf, index, checkpoint.size, proof, checkpoint.rootHash)) {
    throw new ShouldersError("CHECKPOINT_MISMATCH", "the log does not match its checkpoint; run shoulders verify");
  }
  const result = {
    index,
    treeSize: checkpoint.size,
    leafHash: toBase64(leaf),
    rootHash: toBase64(checkpoint.rootHash),
    proof: proof.map(toBase64),
    checkpoint: readFileSync(layout.checkpoint, "utf8"),
  };
  if (values.json) return printJson(io, result);
  io.stdout(`entry ${index} of ${checkpoint.size}\nleaf  ${result.leafHash}\nroot  ${result.rootHash}\n`);
  for (const [level, hash] of result.proof.entries()) io.stdout(`path[${level}]  ${hash}\n`);
  return 0;
}
