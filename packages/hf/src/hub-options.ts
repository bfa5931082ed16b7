import { ShouldersError } from "@shoulders/ledger";

export const DEFAULT_HUB_URL = "https://huggingface.co";

/** What every Hub operation takes, and passes through to @huggingface/hub as it is (CONVENTIONS: I/O at the edges). */
export type HubCredentials = {
  /** Default: HF_ENDPOINT, else https://huggingface.co. */
  hubUrl?: string;
  /** Default: HF_TOKEN. A secret: never printed, never put in an error message. */
  accessToken?: string;
  /** Default: the global fetch. Tests and proxies pass their own. */
  fetch?: typeof fetch;
  /** Where HF_ENDPOINT and HF_TOKEN are read. Default: process.env. */
  env?: NodeJS.ProcessEnv;
};

export type Hub = { hubUrl: string; accessToken: string | undefined; fetch: typeof fetch | undefined };

/**
 * Fills in the Hub URL and token from the options, then the environment (`HF_ENDPOINT`, `HF_TOKEN`, as huggingface_hub
 * reads them), then the public Hub. The environment is a parameter so that callers (the CLI's Io) decide where it
 * comes from.
 */
export function resolveHub(credentials: HubCredentials = {}): Hub {
  const env = credentials.env ?? process.env;
  const fromEnv = nonEmpty(env.HF_ENDPOINT);
  const hubUrl =
    credentials.hubUrl !== undefined ? parseHubUrl(credentials.hubUrl, "`hubUrl`") : parseHubUrl(fromEnv ?? DEFAULT_HUB_URL, "HF_ENDPOINT");
  const accessToken = credentials.accessToken ?? nonEmpty(env.HF_TOKEN);
  if (accessToken !== undefined) checkTokenShape(accessToken);
  return { hubUrl, accessToken, fetch: credentials.fetch };
}

/** Writes need a token; this says how to get one instead of letting the Hub answer 401 after hours of hashing. */
export function requireToken(hub: Hub): string {
  if (hub.accessToken === undefined) {
    throw new ShouldersError(
      "KEY_MISSING",
      `no Hugging Face token: set HF_TOKEN to a token with write access (create one at ${DEFAULT_HUB_URL}/settings/tokens)`,
    );
  }
  return hub.accessToken;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/** The client refuses other tokens with a TypeError; checked here so that it is a coded error, without the token. */
function checkTokenShape(token: string): void {
  if (!/^hf_[A-Za-z0-9_-]{1,500}$/.test(token)) {
    throw new ShouldersError("KEY_INVALID", "the Hugging Face token (HF_TOKEN) is not a token: it must start with hf_");
  }
}

/** `what` names where the URL came from, the option or the environment, so the message points at the one to fix. */
function parseHubUrl(text: string, what: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch (cause) {
    throw new ShouldersError("BAD_ARGUMENT", `${what} "${text}" is not a URL such as ${DEFAULT_HUB_URL}`, { cause });
  }
  // Credentials in the URL would be sent along and could end up in error messages; query strings would break paths.
  if ((url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password || url.search || url.hash) {
    throw new ShouldersError("BAD_ARGUMENT", `${what} "${url.origin}" must be a plain http(s) URL such as ${DEFAULT_HUB_URL}`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/**
 * A Hub repository name, ORG/NAME, as the Hub itself accepts them (huggingface_hub `validate_repo_id`): letters,
 * digits, '-', '_' and '.', no leading or trailing '-' or '.', no '--' or '..', at most 96 characters. The name is put
 * into URL paths, so `../x`, empty parts, a third segment or a `models/` prefix must never get through.
 */
export function parseRepoName(text: string, what = "repository"): string {
  const name = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
  const parts = text.split("/");
  const ok =
    text.length <= 96 &&
    parts.length === 2 &&
    parts.every((part) => name.test(part)) &&
    !text.includes("--") &&
    !text.includes("..") &&
    !["models", "datasets", "spaces"].includes(parts[0] as string);
  if (!ok) {
    throw new ShouldersError(
      "BAD_ARGUMENT",
      `${what} "${text}" must be ORG/NAME, with letters, digits, '-', '_' and '.' (no '..' or '--'), e.g. acme/sentiment`,
    );
  }
  return text;
}

export type RepoKind = "model" | "dataset";

/** The repository's page, which is also the prefix of its file URLs. */
export function repoUrl(hub: Hub, kind: RepoKind, name: string): string {
  return `${hub.hubUrl}/${kind === "dataset" ? "datasets/" : ""}${name}`;
}

/** A branch, tag or commit. It is URL-encoded by the client, but a `..` or a control character is never a revision. */
export function parseRevision(text: string, what = "`revision`"): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._/+-]{0,199}$/.test(text) || text.includes("..") || text.includes("//") || text.endsWith("/")) {
    throw new ShouldersError("BAD_ARGUMENT", `${what} "${text}" must be a branch, tag or commit such as main, v2 or a commit sha`);
  }
  return text;
}
