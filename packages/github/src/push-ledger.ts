import { posix } from "node:path";
import { runGitUnchecked } from "@shoulders/attribution";
import { ShouldersError } from "@shoulders/ledger";
import { isBranchName } from "./pull-request.js";
import { BOT_EMAIL, BOT_NAME } from "./record-push.js";

export type PushLedgerInput = {
  /** The top of the git work tree. */
  repoDir: string;
  /** `.attribution/`'s folder relative to repoDir ("" at the top): only it is committed. */
  ledgerPrefix: string;
  branch: string;
  remote?: string;
  /** Tries before giving up; each retry fetches the branch again and records again. Default 3. */
  attempts?: number;
  /** Records into the work tree and says how many entries it added. Called once per attempt. */
  record: (attempt: number) => Promise<{ entries: number }>;
  /** The commit message; the default names the entries recorded. Always ends in [skip ci]. */
  message?: (entries: number) => string;
  onRetry?: (attempt: number, reason: string) => void;
};

export type PushLedgerOutcome = { pushed: boolean; commit?: string; attempts: number; entries: number };

// What git says when the branch moved under us (or a hook refused this one update): worth fetching and trying again.
const REJECTED = /\[rejected\]|\[remote rejected\]|non-fast-forward|fetch first|stale info|cannot lock ref/;
// What it says when the token may not push at all: retrying cannot help, the workflow's permissions must change.
const FORBIDDEN = /\b403\b|Permission to \S+ denied|denied to |Write access to repository not granted|not allowed to push/i;

/**
 * Records, commits `.attribution/` with a `[skip ci]` message, and pushes to the branch. Never forces. When the push
 * is rejected because the branch moved (another push, another record run), it fetches the branch, resets the work
 * tree to it (our commit is thrown away, not merged: it is regenerated from the new tree) and records again, which is
 * idempotent, up to `attempts` times; then it fails with git's reason.
 */
export async function recordAndPush(input: PushLedgerInput): Promise<PushLedgerOutcome> {
  if (!isBranchName(input.branch)) throw new ShouldersError("BAD_ARGUMENT", `"${input.branch}" is not a branch name we push to`);
  const remote = input.remote ?? "origin";
  const attempts = input.attempts ?? 3;
  const ledger = posix.join(input.ledgerPrefix, ".attribution");
  const git = (args: readonly string[], what: string) => {
    const result = runGitUnchecked(input.repoDir, args);
    if (result.status !== 0)
      throw new ShouldersError("GIT_ERROR", `${what} failed: ${firstLine(result.stderr) ?? `status ${result.status}`}`);
    return result.stdout;
  };
  let lastReason = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const { entries } = await input.record(attempt);
    git(["add", "--all", "--", ledger], "git add");
    // `diff --cached --quiet` exits 1 when something is staged.
    if (runGitUnchecked(input.repoDir, ["diff", "--cached", "--quiet", "--", ledger]).status === 0)
      return { pushed: false, attempts: attempt, entries };
    git(
      [
        "-c",
        `user.name=${BOT_NAME}`,
        "-c",
        `user.email=${BOT_EMAIL}`,
        "commit",
        "--quiet",
        "--no-verify",
        "-m",
        `${input.message?.(entries) ?? `chore(attribution): record ${entries} ${entries === 1 ? "entry" : "entries"}`} [skip ci]`,
        "--",
        ledger,
      ],
      "git commit",
    );
    const commit = git(["rev-parse", "HEAD"], "git rev-parse").trim();
    const pushed = runGitUnchecked(input.repoDir, ["push", "--porcelain", remote, `HEAD:refs/heads/${input.branch}`]);
    if (pushed.status === 0) return { pushed: true, commit, attempts: attempt, entries };
    const said = `${pushed.stdout}\n${pushed.stderr}`;
    lastReason = reasonOf(said) ?? `status ${pushed.status}`;
    if (FORBIDDEN.test(said)) {
      throw new ShouldersError(
        "GIT_ERROR",
        `pushing the ledger to ${input.branch} was refused (${lastReason}): the workflow needs \`permissions: contents: write\`, and the branch must accept pushes from GitHub Actions`,
      );
    }
    if (!REJECTED.test(said)) throw new ShouldersError("GIT_ERROR", `pushing the ledger to ${input.branch} failed: ${lastReason}`);
    if (attempt === attempts) break;
    input.onRetry?.(attempt, lastReason);
    git(["fetch", "--quiet", "--no-tags", remote, `+refs/heads/${input.branch}:refs/remotes/${remote}/${input.branch}`], "git fetch");
    git(["reset", "--quiet", "--hard", `refs/remotes/${remote}/${input.branch}`], "git reset");
    // New log segments from the thrown-away attempt are untracked now; ignored state (.state/) stays.
    git(["clean", "--quiet", "-d", "--force", "--", ledger], "git clean");
  }
  throw new ShouldersError("GIT_ERROR", `could not push the ledger to ${input.branch} after ${attempts} attempts: ${lastReason}`);
}

function firstLine(text: string): string | undefined {
  return text
    .split("\n")
    .map((line) => line.trim())
    .find((line) => line !== "" && !line.startsWith("To "));
}

/** The line that says why a push failed: a porcelain "!" line, else git's first error line. */
function reasonOf(text: string): string | undefined {
  const lines = text.split("\n").map((line) => line.trim());
  const bang = lines.find((line) => line.startsWith("!"));
  if (bang !== undefined) return bang.split("\t").slice(2).join(" ").trim() || bang;
  return lines.find((line) => /^(?:error|fatal|remote):/.test(line)) ?? firstLine(text);
}
