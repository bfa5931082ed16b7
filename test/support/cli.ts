import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = join(fileURLToPath(import.meta.url), "..", "..", "..");
export const CLI = join(REPO_ROOT, "packages", "cli", "bin", "shoulders.js");

export type CliResult = { code: number; stdout: string; stderr: string };

type CliOptions = { cwd: string; env?: Record<string, string | undefined>; input?: string };

/** The environment of a CLI run: CI set (no progress bars), the given overrides, and `undefined` removing a variable. */
function cliEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env, CI: "true", ...overrides };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  return env as NodeJS.ProcessEnv;
}

/** Runs the built `shoulders` binary in a real child process, as a user or CI would. */
export function shoulders(args: string[], options: CliOptions): CliResult {
  const env = cliEnv(options.env);
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env,
    encoding: "utf8",
    input: options.input ?? "",
    timeout: 60_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The same, without blocking this process: for commands that talk to a server this process runs (the fake Hub, a
 * witness), which must keep answering while the command waits.
 */
export function shouldersAsync(args: string[], options: Omit<CliOptions, "input">): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: cliEnv(options.env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
