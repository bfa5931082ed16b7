export * from "./check-licenses.js";
export * from "./license-of.js";
export * from "./normalise-license.js";
export * from "./unaccepted-conflicts.js";
