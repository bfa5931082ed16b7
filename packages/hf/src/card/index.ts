export * from "./card-metadata.js";
export * from "./card-sections.js";
export * from "./detect-eol.js";
export * from "./parse-front-matter.js";
export * from "./read-card-file.js";
export * from "./read-card-metadata.js";
export * from "./render-card.js";
export * from "./split-card.js";
