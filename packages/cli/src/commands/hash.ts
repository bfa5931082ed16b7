import { resolve } from "node:path";
import { hashDirectory } from "@shoulders/attribution";
import { parse } from "../args.js";
import type { Command } from "../command.js";
import type { Io } from "../io.js";
import { hashingProgress, printHelp, printJson } from "../output.js";

const HELP = `Usage: shoulders hash DIR [--json]

Prints the manifest the recorders use for DIR: one line "<sha256> <size> <path>" per
file, paths sorted bytewise, then the manifest digest. Files are hashed on every core.
Symlinks that point out of DIR are not followed, and are listed as skipped.`;

export const hash: Command = {
  summary: "print the manifest of a folder (path, size, sha256)",
  run,
};

async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("hash", argv, {}, { min: 1, max: 1 });
  if (values.help) return printHelp(io, HELP);
  const progress = hashingProgress(io);
  const result = await hashDirectory(resolve(io.cwd, positionals[0] as string), { onProgress: progress.onProgress });
  // With --json the skipped files are in the output; as text they are listed on stderr.
  progress.finish(values.json ? [] : result.skipped);
  if (values.json) return printJson(io, { digest: result.digest, files: result.files, bytes: result.totalBytes, skipped: result.skipped });
  io.stdout(result.text);
  io.stdout(`manifest ${result.digest} (${result.files.length} files, ${result.totalBytes} bytes)\n`);
  return 0;
}
