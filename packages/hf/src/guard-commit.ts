import { createHash } from "node:crypto";
import { ShouldersError } from "@shoulders/ledger";

export type CommitGuard = {
  fetch: typeof fetch;
  /** Set once the commit request has been handed to the network: only then can a commit have landed. */
  readonly commitSent: boolean;
};

/**
 * Wraps `fetch` so that the commit request (`POST …/commit/{revision}`, NDJSON, the Hub's documented commit API) is
 * read before it leaves. Each release file must be in it once with exactly its signed sha256 (the `lfsFile` oid, or
 * the hash of the inline base64 content), and it may hold nothing else but `allowed` paths. A file edited between
 * hashing and uploading would otherwise put bytes on the Hub that the signed release does not describe.
 */
export function guardCommit(
  base: typeof fetch,
  commitUrl: string,
  expected: ReadonlyMap<string, string>,
  allowed: (path: string) => boolean,
): CommitGuard {
  let commitSent = false;
  const guarded: typeof fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const path = url.split("?")[0] ?? "";
    if ((init?.method ?? "GET").toUpperCase() === "POST" && /\/api\/[a-z]+s\/.+\/commit\//.test(path)) {
      // A commit request we do not recognise would go out unchecked, and a lost answer could not be confirmed later.
      if (!path.startsWith(commitUrl)) throw new ShouldersError("INTERNAL", `the Hub client committed to ${path}, not to ${commitUrl}`);
      if (typeof init?.body !== "string") throw new ShouldersError("INTERNAL", "the Hub client sent its commit in a form we cannot check");
      checkCommitBody(init.body, expected, allowed);
      commitSent = true;
    }
    return base(input, init);
  };
  return {
    fetch: guarded,
    get commitSent() {
      return commitSent;
    },
  };
}

function checkCommitBody(body: string, expected: ReadonlyMap<string, string>, allowed: (path: string) => boolean): void {
  const seen = new Set<string>();
  for (const line of body.split("\n")) {
    if (line.trim() === "") continue;
    const { key, value } = JSON.parse(line) as { key: string; value: { path?: string; content?: string; oid?: string } };
    if (key === "header" || key === "deletedFile") continue;
    const path = value.path ?? "";
    const sha256 =
      key === "lfsFile"
        ? value.oid
        : key === "file"
          ? createHash("sha256")
              .update(Buffer.from(value.content ?? "", "base64"))
              .digest("hex")
          : undefined;
    const signed = expected.get(path);
    if (signed === undefined) {
      if (allowed(path)) continue;
      throw new ShouldersError("INTERNAL", `the commit would add ${path}, which the signed release does not list`);
    }
    if (sha256 !== signed) {
      throw new ShouldersError(
        "IO_ERROR",
        `${path} changed after it was hashed; nothing was uploaded and nothing recorded, run the upload again`,
      );
    }
    seen.add(path);
  }
  const missing = [...expected.keys()].find((path) => !seen.has(path));
  if (missing !== undefined) throw new ShouldersError("INTERNAL", `the commit would leave out ${missing}, which the signed release lists`);
}
