export * from "./open-attribution-ledger.js";
export * from "./read-attribution.js";
export * from "./verify-attribution.js";
