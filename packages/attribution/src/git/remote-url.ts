import { queryGit, runGit } from "./run-git.js";

// Transports that name a host; anything else (file://, ext::, a local path) is not a place others can find.
const URL_FORM = /^(?:https?|git|ssh|git\+ssh|ssh\+git):\/\/([^/?#]*)([^?#]*)/i;
// scp-like `[user@]host:path`, which git only assumes when no slash comes before the first colon.
const SCP_FORM = /^(?:[^@/]*@)?([^@/:]+):(?!\/\/)(.*)$/s;
const HOST = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;
// Not "." or "..", which would let a URL climb out of the repository path.
const SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9._~-]+$/;

/**
 * The canonical `https://HOST/OWNER/REPO` of a remote, or undefined for anything that is not a remote a reader could
 * find. User info is dropped, so a token in `https://user:token@host/...` never reaches the (unforgettable) log;
 * local paths are refused, because they say nothing to anyone else and may reveal a machine's layout.
 */
export function normaliseRemoteUrl(url: string): string | undefined {
  const text = url.trim();
  let authority: string;
  let path: string;
  const asUrl = URL_FORM.exec(text);
  if (asUrl) {
    // User info ends at the last "@" of the authority, so a password holding "@" is dropped whole.
    authority = asUrl[1]!.slice(asUrl[1]!.lastIndexOf("@") + 1).replace(/:[0-9]*$/, "");
    path = asUrl[2]!;
  } else if (!text.includes("://") && SCP_FORM.test(text)) {
    const scp = SCP_FORM.exec(text)!;
    authority = scp[1]!;
    path = scp[2]!;
    // `C:\repo` and `C:/repo` are Windows paths, not a host named C.
    if (authority.length === 1) return undefined;
  } else {
    return undefined;
  }
  const host = authority.toLowerCase();
  const segments = path.split("/").filter((segment) => segment !== "");
  const last = segments.length - 1;
  if (last >= 0) segments[last] = segments[last]!.replace(/\.git$/, "");
  // Only plain path characters: whatever else a URL holds (a stray credential, percent-escapes, spaces) stays out.
  if (!HOST.test(host) || segments.length === 0 || !segments.every((segment) => SEGMENT.test(segment))) return undefined;
  return `https://${host}/${segments.join("/")}`;
}

/** The normalised URL of `origin`, else of the first remote configured, else undefined. */
export function remoteUrlOf(repoDir: string): string | undefined {
  // Outside a repository `git config` still reads the user's own files and says nothing is wrong; ask first.
  runGit(repoDir, ["rev-parse", "--git-dir"]);
  // --local: the repository's remotes, not ones in a user's global config. -z: "key\nvalue\0" records, because a
  // value may hold any character.
  const output = queryGit(repoDir, ["config", "--local", "-z", "--get-regexp", "^remote\\..+\\.url$"]);
  if (output === undefined) return undefined;
  const remotes = output
    .split("\0")
    .filter((record) => record !== "")
    .map((record) => {
      const newline = record.indexOf("\n");
      return { key: record.slice(0, newline), url: record.slice(newline + 1) };
    });
  const chosen = remotes.find((remote) => remote.key === "remote.origin.url") ?? remotes[0];
  return chosen === undefined ? undefined : normaliseRemoteUrl(chosen.url);
}

/** The subject name of a commit statement: the repository's URL and the commit, as in SPDX/purl-style git locators. */
export function commitSubjectName(base: string, sha: string): string {
  return `git+${base}@${sha}`;
}
