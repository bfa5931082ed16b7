import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = join(fileURLToPath(import.meta.url), "..", "..", "..");
export const CLI = join(REPO_ROOT, "packages", "cli", "bin", "shoulders.js");

export type CliResult = { code: number; stdout: string; stderr: string };

/** Runs the built `shoulders` binary in a real child process, as a user or CI would. */
export function shoulders(args: string[], options: { cwd: string; env?: Record<string, string | undefined>; input?: string }): CliResult {
  const env: Record<string, string | undefined> = { ...process.env, CI: "true", ...options.env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: env as NodeJS.ProcessEnv,
    encoding: "utf8",
    input: options.input ?? "",
    timeout: 60_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
