#!/usr/bin/env node
import { hf } from "../../packages/cli/dist/commands/hf.js";
import { processIo } from "../../packages/cli/dist/io.js";
// The built `shoulders` binary, with `hf` dispatched even before main.ts lists it: the commands run in a real process
// and their errors print exactly as main.ts's run() prints them (one `CODE: message` line, exit code by family).
import { exitCodeOf, run } from "../../packages/cli/dist/main.js";

const argv = process.argv.slice(2);
if (argv[0] !== "hf") {
  process.exitCode = await run(argv, processIo());
} else {
  try {
    process.exitCode = await hf(argv.slice(1), processIo());
  } catch (error) {
    if (error?.name !== "ShouldersError") throw error;
    process.stderr.write(`${error.code}: ${error.message.replace(/\s*\n\s*/g, " ")}\n`);
    process.exitCode = exitCodeOf(error.code);
  }
}
