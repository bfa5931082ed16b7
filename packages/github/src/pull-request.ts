import { ShouldersError } from "@shoulders/ledger";
import { field, isObject, objectField, shaField } from "./payload.js";

export type PullRequestEvent = {
  number: number;
  base: { ref: string; sha: string; repo: string };
  head: { ref: string; sha: string; repo: string | undefined };
  /** The head lives in another repository: its token is read-only and it must never run with our secrets. */
  fromFork: boolean;
};

/** Reads the fields of a `pull_request` or `pull_request_target` payload that the actions need. */
export function parsePullRequestPayload(payload: unknown): PullRequestEvent {
  const what = "the pull_request event payload";
  if (!isObject(payload)) throw new ShouldersError("BAD_ARGUMENT", `${what} is not a JSON object`);
  const pull = objectField(payload, "pull_request", what);
  const base = objectField(pull, "base", `${what}'s pull_request`);
  const head = objectField(pull, "head", `${what}'s pull_request`);
  const baseRepo = objectField(base, "repo", `${what}'s base`);
  // A fork that was deleted leaves head.repo null.
  const headRepo = isObject(head.repo) ? head.repo : undefined;
  const baseName = field(baseRepo, "full_name", "string", `${what}'s base.repo`);
  const headName = headRepo === undefined ? undefined : field(headRepo, "full_name", "string", `${what}'s head.repo`);
  const number = field(pull, "number", "number", `${what}'s pull_request`);
  const baseRef = field(base, "ref", "string", `${what}'s base`);
  if (!isBranchName(baseRef)) throw new ShouldersError("BAD_ARGUMENT", `${what}'s base ref is not a branch name`);
  return {
    number,
    base: { ref: baseRef, sha: shaField(base, "sha", `${what}'s base`), repo: baseName },
    head: { ref: field(head, "ref", "string", `${what}'s head`), sha: shaField(head, "sha", `${what}'s head`), repo: headName },
    fromFork: headName === undefined || headName.toLowerCase() !== baseName.toLowerCase() || headRepo?.fork === true,
  };
}

/** A branch name we may put in a refspec: what `git check-ref-format --branch` allows, minus anything surprising. */
export function isBranchName(name: string): boolean {
  return (
    /^[A-Za-z0-9._/-]{1,250}$/.test(name) &&
    !name.startsWith("-") &&
    !name.startsWith("/") &&
    !name.endsWith("/") &&
    !name.endsWith(".lock") &&
    !name.includes("..") &&
    !name.includes("//") &&
    !name.split("/").some((part) => part.startsWith("."))
  );
}
