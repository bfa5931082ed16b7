export { run, exitCodeOf, HELP } from "./main.js";
export type { Io } from "./io.js";
