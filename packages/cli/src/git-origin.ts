import { execFileSync } from "node:child_process";

/**
 * The log origin for a git repository, from its `origin` remote: github.com/OWNER/REPO/attribution. Returns undefined
 * when there is no remote, so the caller asks for --origin instead of guessing.
 */
export function originFromGit(dir: string): string | undefined {
  let url: string;
  try {
    url = execFileSync("git", ["config", "--get", "remote.origin.url"], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return undefined;
  }
  const match = /^(?:[a-z+]+:\/\/(?:[^@/]+@)?|[^@/]+@)?([^/:]+)[:/](.+?)(?:\.git)?\/?$/i.exec(url);
  if (match === null) return undefined;
  const host = (match[1] as string).toLowerCase().replace(/:\d+$/, "");
  return `${host}/${match[2]}/attribution`;
}
