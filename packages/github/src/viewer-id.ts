import type { Octokit } from "@octokit/rest";

/**
 * The account id of whoever holds the octokit's token, as REST shows it in a comment's `user.id`. GraphQL's `viewer`
 * answers for every kind of token: a GITHUB_TOKEN or another app's installation token (its bot, e.g.
 * github-actions[bot], 41898282), where `GET /user` is a 403 "Resource not accessible by integration", and a personal
 * or OAuth token (its user). GitHub Enterprise Server included: octokit sends it to /api/graphql.
 */
export async function viewerId(octokit: Pick<Octokit, "graphql">): Promise<number | undefined> {
  const { viewer } = await octokit.graphql<{ viewer: { databaseId: number | null } }>("query { viewer { databaseId } }");
  return viewer.databaseId ?? undefined;
}
