import { remoteUrlOf } from "@shoulders/attribution";
import { isShouldersError } from "@shoulders/ledger";

/**
 * The log origin for a git repository, from the remote its commit statements name (origin, else the first remote):
 * github.com/OWNER/REPO/attribution. Undefined outside a repository and for a remote no reader could find (a local
 * path, file://, ext::), so the caller asks for --origin instead of guessing. The remote goes through the one
 * normaliser, so a token in `https://user:token@host/...` never reaches trust.json.
 */
export function originFromGit(dir: string): string | undefined {
  let url: string | undefined;
  try {
    url = remoteUrlOf(dir);
  } catch (error) {
    if (isShouldersError(error) && error.code === "NOT_A_GIT_REPOSITORY") return undefined;
    throw error;
  }
  return url === undefined ? undefined : `${url.replace(/^https:\/\//, "")}/attribution`;
}
