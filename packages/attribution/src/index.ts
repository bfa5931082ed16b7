export * from "./attribution-index.js";
export * from "./git/index.js";
export * from "./hash/index.js";
export * from "./identity/index.js";
export * from "./lineage/index.js";
export * from "./predicates/index.js";
export * from "./record/index.js";
