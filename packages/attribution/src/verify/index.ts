export * from "./open-attribution-ledger.js";
export * from "./over-credited.js";
export * from "./read-attribution.js";
export * from "./verify-attribution.js";
