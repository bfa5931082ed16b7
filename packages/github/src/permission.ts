/** The `permissions:` line a workflow needs for each call these helpers make. */
export type Permission = "pull-requests: write" | "statuses: write" | "contents: write" | "contents: read";

/**
 * A 403 from the API, or the 404 GitHub answers instead when a token may not even see a resource. For a fork's pull
 * request the token is read-only whatever the workflow asks for, and GitHub says "Resource not accessible by
 * integration".
 */
export function isPermissionError(error: unknown): boolean {
  const status = (error as { status?: unknown } | undefined)?.status;
  const message = error instanceof Error ? error.message : String(error);
  return status === 403 || /Resource not accessible by (?:integration|personal access token)/i.test(message);
}

/** One line that says what failed and which permission to add, e.g. for a job summary or a notice. */
export function permissionMessage(permission: Permission, what: string, error: unknown): string {
  const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return `${what} was refused (${reason}): the token needs \`${permission}\`. Add \`permissions: { ${permission} }\` to the job, or, for a pull request from a fork, see the workflow's notes on forks.`;
}
