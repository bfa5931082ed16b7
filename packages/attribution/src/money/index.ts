export * from "./amount.js";
export * from "./currency.js";
export * from "./largest-remainder.js";
