/**
 * Who ran a fine-tune, for SLSA Provenance v1 `runDetails`: the builder, a URI for the platform a verifier has to
 * trust, and the invocation, this one run.
 *
 * In GitHub Actions, as GitHub's own buildType does (github.com/actions/buildtypes, workflow/v1): the builder is the
 * workflow, `server_url/workflow_ref` (https://github.com/acme/sentiment/.github/workflows/train.yml@refs/heads/main),
 * and the invocation is the run's URL, `server_url/repository/actions/runs/ID/attempts/N`, where its logs are.
 *
 * Elsewhere the CLI ran on a machine that nobody but the trainer vouches for: https://shoulders.dev/builders/cli#HOST.
 * The part before `#` is one page for every such builder (SLSA: the id SHOULD resolve to what it guarantees, here no
 * more than the trainer's signature), and the host is the fragment, because each machine is its own trust base (SLSA:
 * "each self-hosted runner might have its own identity"). A fragment, not a path, so the page resolves for every host.
 */
export function runBuilder(env: Record<string, string | undefined>, host: string): { builderId: string; invocationId?: string } {
  if (env.GITHUB_ACTIONS === "true" && env.GITHUB_WORKFLOW_REF) {
    const server = env.GITHUB_SERVER_URL ?? "https://github.com";
    const { GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId, GITHUB_RUN_ATTEMPT: attempt } = env;
    return {
      builderId: `${server}/${env.GITHUB_WORKFLOW_REF}`,
      ...(repository && runId ? { invocationId: `${server}/${repository}/actions/runs/${runId}/attempts/${attempt ?? "1"}` } : {}),
    };
  }
  return { builderId: `https://shoulders.dev/builders/cli#${host.replace(/[^A-Za-z0-9.-]/g, "-") || "localhost"}` };
}
