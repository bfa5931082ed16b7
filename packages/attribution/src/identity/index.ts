export * from "./party-names.js";
export * from "./person-identities.js";
