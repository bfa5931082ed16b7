import { type ChildProcess, spawn as nodeSpawn, type SpawnOptions, spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { ShouldersError } from "@shoulders/ledger";

/** The shape of `child_process.spawn`, so tests can pass a wrapper that counts or redirects real processes. */
export type Spawn = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

export type StreamGitOptions = {
  /** The one character the output is split on: "\n" for lines, "\0" for `-z` output. */
  separator?: string;
  spawn?: Spawn;
};

const STDERR_LIMIT = 64 * 1024;
const MESSAGE_LIMIT = 300;

/** Runs git and returns its stdout; any failure is a coded error. */
export function runGit(dir: string, args: readonly string[]): string {
  const result = runGitSync(dir, args);
  if (result.status !== 0) throw gitFailure(dir, args, result.stderr, result.status);
  return result.stdout;
}

/**
 * Runs a git query that answers "nothing" with exit status 1 (`rev-parse --verify --quiet`, `config --get`) and
 * returns undefined then; fatal errors (status 128) still throw.
 */
export function queryGit(dir: string, args: readonly string[]): string | undefined {
  const result = runGitSync(dir, args);
  if (result.status === 1) return undefined;
  if (result.status !== 0) throw gitFailure(dir, args, result.stderr, result.status);
  return result.stdout;
}

/**
 * Runs git and yields its stdout piece by piece as it arrives, so a 100,000-commit log never sits in memory whole.
 * A failure is thrown after the pieces git printed before it. Stopping early kills git.
 */
export async function* streamGit(dir: string, args: readonly string[], options: StreamGitOptions = {}): AsyncGenerator<string> {
  for await (const batch of streamGitBatches(dir, args, options)) yield* batch;
}

/** streamGit, a batch of pieces per chunk read: a parser of millions of pieces then awaits once per chunk, not per piece. */
export async function* streamGitBatches(dir: string, args: readonly string[], options: StreamGitOptions = {}): AsyncGenerator<string[]> {
  checkDirectory(dir);
  const separator = options.separator ?? "\n";
  // One character, so a separator can never straddle two chunks.
  if (separator.length !== 1) throw new ShouldersError("BAD_ARGUMENT", "the separator must be one character");
  const child = (options.spawn ?? nodeSpawn)("git", ["--no-pager", ...args], {
    cwd: dir,
    env: gitEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    if (stderr.length < STDERR_LIMIT) stderr += chunk;
  });
  const exited = new Promise<{ status: number | null; error?: Error }>((resolve) => {
    child.once("error", (error) => resolve({ status: null, error }));
    child.once("close", (status) => resolve({ status }));
  });
  let done = false;
  try {
    const decoder = new StringDecoder("utf8");
    let rest = "";
    if (child.stdout) {
      for await (const chunk of child.stdout) {
        // Only the new text is searched, so one huge piece (a 100 MB subject) costs linear time, not quadratic.
        const pieces = decoder.write(chunk as Buffer).split(separator);
        pieces[0] = rest + pieces[0];
        rest = pieces.pop()!;
        if (pieces.length > 0) yield pieces;
      }
    }
    rest += decoder.end();
    const { status, error } = await exited;
    if (error) throw spawnFailure(error);
    if (status !== 0) throw gitFailure(dir, args, stderr, status);
    if (rest !== "") yield [rest];
    done = true;
  } finally {
    if (!done && child.exitCode === null) child.kill();
  }
}

function runGitSync(dir: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  checkDirectory(dir);
  const result = spawnSync("git", ["--no-pager", ...args], {
    cwd: dir,
    env: gitEnv(),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw spawnFailure(result.error);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function gitEnv(): NodeJS.ProcessEnv {
  // No prompts (a CI job would hang), English messages (we match one), no pager, and the objects as stored: a replace
  // ref would show other content under the same commit id.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_TERMINAL_PROMPT: "0",
    LC_ALL: "C",
    GIT_PAGER: "cat",
    PAGER: "cat",
    GIT_NO_REPLACE_OBJECTS: "1",
  };
  // The directory we are given picks the repository; a GIT_DIR inherited from a hook must not pick another one.
  delete env.GIT_DIR;
  delete env.GIT_WORK_TREE;
  return env;
}

// spawn reports a missing cwd as ENOENT, the same as a missing git binary; tell the two apart before spawning.
function checkDirectory(dir: string): void {
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() !== true) {
    throw new ShouldersError("NOT_A_GIT_REPOSITORY", `${oneLine(dir)} is not a directory; run the command in your clone or pass --dir`);
  }
}

function spawnFailure(error: Error): ShouldersError {
  const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
  const message = missing ? "git is not installed or not on PATH" : `cannot run git: ${oneLine(error.message)}`;
  return new ShouldersError("GIT_ERROR", message, { cause: error });
}

function gitFailure(dir: string, args: readonly string[], stderr: string, status: number | null): ShouldersError {
  // Matched at the start, so a message that merely quotes user text (a revision name) cannot trigger it.
  if (/^fatal: not a git repository/m.test(stderr)) {
    return new ShouldersError(
      "NOT_A_GIT_REPOSITORY",
      `${oneLine(dir)} is not inside a git repository; run the command in your clone or pass --dir`,
    );
  }
  const firstLine = stderr.split("\n").find((line) => line.trim() !== "");
  const reason = firstLine === undefined ? `exited with status ${status}` : oneLine(firstLine.trim());
  return new ShouldersError("GIT_ERROR", `git ${args[0] ?? ""} failed: ${reason}`);
}

// Git echoes paths and revision names, which may hold control characters; a message stays one printable line.
function oneLine(text: string): string {
  const clean = text.replace(/\p{Cc}/gu, "?");
  return clean.length > MESSAGE_LIMIT ? `${clean.slice(0, MESSAGE_LIMIT)}…` : clean;
}
