import { consistencyProof, leafHash, treeHash, verifyConsistency } from "@shoulders/ledger";

const leaves = Array.from({ length: 6 }, (_, i) => leafHash(Buffer.from([i])));
const p = consistencyProof(leaves, 5, 6);
console.log(p.length, verifyConsistency(5, 6, treeHash(leaves, 5), treeHash(leaves), p));
