export * from "./add-checkpoint.js";
export * from "./add-checkpoint-request.js";
export * from "./followed-logs.js";
export * from "./judge-submission.js";
export * from "./request-cosignature.js";
export * from "./serve-witness.js";
export * from "./witness-ledger.js";
export * from "./witness-state.js";
