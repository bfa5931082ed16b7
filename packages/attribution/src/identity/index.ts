export * from "./person-identities.js";
