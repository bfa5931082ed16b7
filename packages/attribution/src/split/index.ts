export * from "./build-split-graph.js";
export * from "./default-policy.js";
export * from "./exports.js";
export * from "./owner.js";
export * from "./period.js";
export * from "./receipts.js";
export * from "./split-graph.js";
export * from "./split-revenue.js";
