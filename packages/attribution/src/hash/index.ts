export * from "./hash-cache.js";
export * from "./hash-directory.js";
export * from "./hash-file-sync.js";
export * from "./hash-files.js";
export * from "./list-files.js";
export * from "./manifest.js";
export * from "./shown-path.js";
