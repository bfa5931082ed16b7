export * from "./head-commit.js";
export * from "./read-commits.js";
export * from "./remote-url.js";
export * from "./run-git.js";
export * from "./unrecorded-ancestors.js";
export * from "./work-tree.js";
