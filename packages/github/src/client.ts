import type { Octokit } from "@octokit/rest";

/**
 * The part of an octokit these helpers call. `new Octokit()` from @octokit/rest and `getOctokit()` from
 * @actions/github both fit, so the helpers never care which runner (or none) created it, nor which API URL it uses:
 * GitHub Enterprise Server is just another `baseUrl`.
 */
export type GitHubClient = Pick<Octokit, "rest" | "paginate">;

/** A repository as the REST API names it. */
export type RepoRef = { owner: string; repo: string };
