export { consistencyProof } from "./consistency-proof.js";
export {
  appendLeaf,
  emptyFrontier,
  type Frontier,
  frontierFromLeaves,
  frontierRoot,
  isWellFormedFrontier,
} from "./frontier.js";
export { EMPTY_ROOT, HASH_SIZE, leafHash, nodeHash } from "./hash.js";
export { inclusionProof } from "./inclusion-proof.js";
export { treeHash } from "./tree-hash.js";
export { verifyConsistency } from "./verify-consistency.js";
export { verifyInclusion } from "./verify-inclusion.js";
