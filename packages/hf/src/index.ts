export * from "./card/index.js";
export * from "./release-card.js";
