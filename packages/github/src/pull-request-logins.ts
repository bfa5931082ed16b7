import type { GitHubClient, RepoRef } from "./client.js";

/**
 * Author e-mail → GitHub login for a pull request's commits, as GitHub resolved them, so the preview credits the
 * same identities the record action will (it reads them from the push payload). At most 250 commits, as the API
 * lists; an error (a token that may not read) gives an empty map: addresses still identify the authors.
 */
export async function loginsFromPullRequest(input: RepoRef & { octokit: GitHubClient; pullNumber: number }): Promise<Map<string, string>> {
  const logins = new Map<string, string>();
  try {
    const commits = await input.octokit.paginate(input.octokit.rest.pulls.listCommits, {
      owner: input.owner,
      repo: input.repo,
      pull_number: input.pullNumber,
      per_page: 100,
    });
    for (const commit of commits) {
      const email = commit.commit.author?.email?.trim().toLowerCase();
      const login = commit.author?.login;
      if (email && login && /^[A-Za-z0-9-]{1,39}$/.test(login)) logins.set(email, login);
    }
  } catch {
    // Reading commits is a courtesy; the preview falls back to the identities addresses give.
  }
  return logins;
}
