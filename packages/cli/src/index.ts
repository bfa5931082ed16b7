export type { Io } from "./io.js";
export { exitCodeOf, HELP, run } from "./main.js";
