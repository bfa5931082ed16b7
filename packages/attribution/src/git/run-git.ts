import { type ChildProcess, spawn as nodeSpawn, type SpawnOptions, spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { ShouldersError } from "@shoulders/ledger";

/** The shape of `child_process.spawn`, so tests can pass a wrapper that counts or redirects real processes. */
export type Spawn = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

export type RunGitOptions = {
  /** Variables git needs beyond the caller's environment (GIT_AUTHOR_NAME for a commit); never ones that pick a repository. */
  env?: Readonly<Record<string, string>>;
};

export type StreamGitOptions = {
  /** The one character the output is split on: "\n" for lines, "\0" for `-z` output. */
  separator?: string;
  /** Written to git's stdin, which is then closed (`--stdin` revision lists). */
  input?: string;
  spawn?: Spawn;
};

const STDERR_LIMIT = 64 * 1024;
// Matched at the start of a line, so a message that merely quotes user text (a revision name) cannot trigger it.
const NOT_A_REPOSITORY = /^fatal: not a git repository/m;
/**
 * What makes git read another repository, index, object store or history than the one `dir` is in: git's own list
 * (`git rev-parse --local-env-vars`, which git clears itself when it enters a submodule), less the configuration
 * variables, which are the user's to set like ~/.gitconfig. A hook exports GIT_DIR and GIT_INDEX_FILE; an inherited
 * GIT_OBJECT_DIRECTORY or GIT_GRAFT_FILE would show other objects or other parents under the same commit ids.
 */
const REPOSITORY_ENV = [
  "GIT_ALTERNATE_OBJECT_DIRECTORIES",
  "GIT_OBJECT_DIRECTORY",
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_IMPLICIT_WORK_TREE",
  "GIT_GRAFT_FILE",
  "GIT_INDEX_FILE",
  "GIT_REPLACE_REF_BASE",
  "GIT_PREFIX",
  "GIT_INTERNAL_SUPER_PREFIX",
  "GIT_SHALLOW_FILE",
  "GIT_COMMON_DIR",
];
const MESSAGE_LIMIT = 300;

/** Runs git and returns its stdout; any failure is a coded error. */
export function runGit(dir: string, args: readonly string[], options: RunGitOptions = {}): string {
  const result = runGitSync(dir, args, "utf8", options);
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
  const separator = options.separator ?? "\n";
  // One character, so a separator can never straddle two chunks.
  if (separator.length !== 1) throw new ShouldersError("BAD_ARGUMENT", "the separator must be one character");
  const decoder = new StringDecoder("utf8");
  let rest = "";
  for await (const chunk of streamGitBytes(dir, args, options)) {
    // Only the new text is searched, so one huge piece (a 100 MB subject) costs linear time, not quadratic.
    const pieces = decoder.write(chunk).split(separator);
    pieces[0] = rest + pieces[0];
    rest = pieces.pop()!;
    if (pieces.length > 0) yield pieces;
  }
  rest += decoder.end();
  if (rest !== "") yield [rest];
}

/**
 * Runs git and yields its stdout as the chunks of bytes it arrives in, for output that is not text (`cat-file
 * --batch` prints blobs). `input` is written to git's stdin, which is then closed. A failure is thrown after the
 * chunks git printed before it; stopping early kills git.
 */
export async function* streamGitBytes(
  dir: string,
  args: readonly string[],
  options: { input?: string; spawn?: Spawn } = {},
): AsyncGenerator<Buffer> {
  checkDirectory(dir);
  const child = (options.spawn ?? nodeSpawn)("git", ["--no-pager", ...args], {
    cwd: dir,
    env: gitEnv(),
    stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    if (stderr.length < STDERR_LIMIT) stderr += chunk;
  });
  const exited = new Promise<{ status: number | null; error?: Error }>((resolve) => {
    child.once("error", (error) => resolve({ status: null, error }));
    child.once("close", (status) => resolve({ status }));
  });
  if (options.input !== undefined) {
    child.stdin?.on("error", () => {}); // git closing its stdin early is reported through its exit status
    child.stdin?.end(options.input);
  }
  let done = false;
  try {
    if (child.stdout) for await (const chunk of child.stdout) yield chunk as Buffer;
    const { status, error } = await exited;
    if (error) throw spawnFailure(error);
    if (status !== 0) throw gitFailure(dir, args, stderr, status);
    done = true;
  } finally {
    if (!done && child.exitCode === null) child.kill();
  }
}

export type GitResult<T extends string | Buffer> = { status: number | null; stdout: T; stderr: string };

/**
 * Runs git and returns its exit status and everything it said, for callers that must tell one failure from another
 * (a rejected push, a file a revision does not have). Only what no caller can act on is thrown: git missing, and a
 * directory that is not in a repository, which must never read as "no such file".
 */
export function runGitUnchecked(dir: string, args: readonly string[]): GitResult<string>;
export function runGitUnchecked(dir: string, args: readonly string[], options: { binary: true }): GitResult<Buffer>;
export function runGitUnchecked(dir: string, args: readonly string[], options?: { binary: true }): GitResult<string | Buffer> {
  const result = options?.binary === true ? runGitSync(dir, args, "buffer") : runGitSync(dir, args);
  if (result.status !== 0 && NOT_A_REPOSITORY.test(result.stderr)) throw gitFailure(dir, args, result.stderr, result.status);
  return result;
}

function runGitSync(dir: string, args: readonly string[], encoding?: "utf8", options?: RunGitOptions): GitResult<string>;
function runGitSync(dir: string, args: readonly string[], encoding: "buffer"): GitResult<Buffer>;
function runGitSync(
  dir: string,
  args: readonly string[],
  encoding: "utf8" | "buffer" = "utf8",
  options: RunGitOptions = {},
): GitResult<string | Buffer> {
  checkDirectory(dir);
  const result = spawnSync("git", ["--no-pager", ...args], {
    cwd: dir,
    env: gitEnv(options.env),
    encoding,
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw spawnFailure(result.error);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
}

function gitEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  // No prompts (a CI job would hang), English messages (we match one), no pager, and the objects as stored: a replace
  // ref would show other content under the same commit id.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...extra,
    GIT_TERMINAL_PROMPT: "0",
    LC_ALL: "C",
    GIT_PAGER: "cat",
    PAGER: "cat",
    GIT_NO_REPLACE_OBJECTS: "1",
  };
  // The directory we are given picks the repository, and nothing inherited picks another one.
  for (const name of REPOSITORY_ENV) delete env[name];
  return env;
}

// spawn reports a missing cwd as ENOENT, the same as a missing git binary; tell the two apart before spawning.
function checkDirectory(dir: string): void {
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() !== true) {
    throw new ShouldersError("NOT_A_GIT_REPOSITORY", `${oneLine(dir)} is not a directory; run the command in your clone or pass \`dir\``);
  }
}

function spawnFailure(error: Error): ShouldersError {
  const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
  const message = missing ? "git is not installed or not on PATH" : `cannot run git: ${oneLine(error.message)}`;
  return new ShouldersError("GIT_ERROR", message, { cause: error });
}

function gitFailure(dir: string, args: readonly string[], stderr: string, status: number | null): ShouldersError {
  if (NOT_A_REPOSITORY.test(stderr)) {
    return new ShouldersError(
      "NOT_A_GIT_REPOSITORY",
      `${oneLine(dir)} is not inside a git repository; run the command in your clone or pass \`dir\``,
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
