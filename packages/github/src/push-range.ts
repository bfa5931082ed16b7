import { queryGit } from "@shoulders/attribution";
import { ShouldersError } from "@shoulders/ledger";
import { field, isObject, shaField } from "./payload.js";

const ZERO = /^0+$/;

/** The fields of a `push` webhook payload that decide what was pushed. */
export type PushPayload = {
  ref: string;
  before: string;
  after: string;
  deleted?: boolean;
  commits?: { author?: { email?: string; username?: string } }[];
};

/** Reads a push payload (attacker-shaped JSON as far as we know): a wrong field is one BAD_ARGUMENT line. */
export function parsePushPayload(payload: unknown): PushPayload {
  if (!isObject(payload)) throw new ShouldersError("BAD_ARGUMENT", "the push event payload is not a JSON object");
  const ref = field(payload, "ref", "string", "the push event payload");
  const before = shaField(payload, "before", "the push event payload");
  const after = shaField(payload, "after", "the push event payload");
  const commits = Array.isArray(payload.commits) ? payload.commits.filter(isObject) : [];
  return {
    ref,
    before,
    after,
    deleted: payload.deleted === true,
    commits: commits.map((commit) => {
      const author = isObject(commit.author) ? commit.author : {};
      return {
        author: {
          ...(typeof author.email === "string" ? { email: author.email } : {}),
          ...(typeof author.username === "string" ? { username: author.username } : {}),
        },
      };
    }),
  };
}

export type PushRange = {
  kind: "first" | "fast-forward" | "forced" | "deleted";
  after: string;
  /** The branch's previous head, when the clone has it: its ledger is the one this push must extend. */
  before?: string;
  /** The last commit the branch held before that is still in its history: `before`, or the merge base after a force. */
  base?: string;
  /** What to read for commits: `base..after`, or `after` alone for everything reachable (ledger dedupes). */
  revisions: string;
  description: string;
};

/**
 * What a push added to a branch, decided with git rather than trusted from the payload (which lists at most a few
 * thousand commits): a first push (before is 000…0) or a push whose `before` we cannot find is everything reachable
 * from `after`; a fast-forward is before..after; a forced push is merge-base(before, after)..after, so commits that
 * the force dropped are never credited and the commits it kept are not read twice.
 */
export function pushRange(payload: unknown, options: { repoDir: string }): PushRange {
  const parsed = { data: parsePushPayload(payload) };
  const { before, after } = parsed.data;
  if (ZERO.test(after) || parsed.data.deleted === true) {
    return { kind: "deleted", after, revisions: after, description: `${parsed.data.ref} was deleted: nothing to record` };
  }
  if (!isCommit(options.repoDir, after)) {
    throw new ShouldersError(
      "GIT_ERROR",
      `the pushed commit ${after.slice(0, 12)} is not in the clone; check out with actions/checkout and fetch-depth: 0`,
    );
  }
  if (ZERO.test(before)) {
    return {
      kind: "first",
      after,
      revisions: after,
      description: `first push of ${parsed.data.ref}: every commit reachable from ${short(after)}`,
    };
  }
  if (!isCommit(options.repoDir, before)) {
    return {
      kind: "forced",
      after,
      revisions: after,
      description: `the previous head ${short(before)} is gone (a forced push): every commit reachable from ${short(after)} not yet recorded`,
    };
  }
  const mergeBase = queryGit(options.repoDir, ["merge-base", "--end-of-options", before, after])?.trim();
  if (mergeBase === before) {
    return {
      kind: "fast-forward",
      after,
      before,
      base: before,
      revisions: `${before}..${after}`,
      description: `${short(before)}..${short(after)}`,
    };
  }
  if (mergeBase === undefined || mergeBase === "") {
    return {
      kind: "forced",
      after,
      before,
      revisions: after,
      description: `a forced push with unrelated history: every commit reachable from ${short(after)}`,
    };
  }
  return {
    kind: "forced",
    after,
    before,
    base: mergeBase,
    revisions: `${mergeBase}..${after}`,
    description: `a forced push: ${short(mergeBase)}..${short(after)} (the commits it dropped are not credited)`,
  };
}

/**
 * Lower-case author e-mail → GitHub login, as GitHub itself resolved them for the pushed commits. The payload lists
 * only some commits; the others are credited by the identity their address gives.
 */
export function loginsFromPush(payload: unknown): Map<string, string> {
  const logins = new Map<string, string>();
  let commits: PushPayload["commits"];
  try {
    commits = parsePushPayload(payload).commits;
  } catch {
    return logins;
  }
  for (const commit of commits ?? []) {
    const email = commit.author?.email?.trim().toLowerCase();
    const login = commit.author?.username;
    // A login is at most 39 characters; anything else is not GitHub's.
    if (email && login && /^[A-Za-z0-9-]{1,39}$/.test(login)) logins.set(email, login);
  }
  return logins;
}

export function isCommit(repoDir: string, revision: string): boolean {
  return queryGit(repoDir, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${revision}^{commit}`]) !== undefined;
}

function short(sha: string): string {
  return sha.slice(0, 7);
}
