export * from "./ancestors.js";
export * from "./build-lineage.js";
export * from "./explain.js";
export * from "./lineage-roots.js";
export * from "./merge-lineages.js";
export * from "./render-lineage.js";
