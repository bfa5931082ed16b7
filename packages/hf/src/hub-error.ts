import { HubApiError, InvalidApiResponseFormatError } from "@huggingface/hub";
import { ShouldersError } from "@shoulders/ledger";
import type { Hub } from "./hub-options.js";

/**
 * Runs one call to the Hub and turns whatever it throws into one coded, one-line ShouldersError: the client throws
 * HubApiError for HTTP errors, TypeError("fetch failed") for network errors and plain Errors for odd answers. `what`
 * names the step, so the message says what failed, not only how.
 */
export async function callHub<T>(hub: Hub, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw hubError(error, hub, what);
  }
}

/**
 * The error codes are the project's existing ones, chosen by exit code (README "Exit codes"): a missing or refused
 * token is an environment problem like a missing key (3), a repository that is not there is an unknown artifact (1),
 * a token without the right is an unauthorised signer (1), and the network is I/O (3).
 */
export function hubError(error: unknown, hub: Hub, what: string): ShouldersError {
  if (error instanceof ShouldersError) return error;
  if (error instanceof HubApiError) {
    const detail = serverDetail(error);
    switch (error.statusCode) {
      case 401:
        return new ShouldersError(
          "KEY_INVALID",
          hub.accessToken === undefined
            ? `${what}: the Hub at ${hub.hubUrl} wants a token (401${detail}); set HF_TOKEN`
            : `${what}: the Hub at ${hub.hubUrl} refused the token in HF_TOKEN (401${detail}); is it expired or revoked?`,
          { cause: error },
        );
      case 403:
        return new ShouldersError(
          "UNAUTHORISED_SIGNER",
          `${what}: the token may not do this (403${detail}); uploading needs a token with write access to the repository`,
          { cause: error },
        );
      case 404:
        return new ShouldersError("UNKNOWN_ARTIFACT", `${what}: not found on ${hub.hubUrl} (404${detail})`, { cause: error });
      case 409:
      case 412:
        return new ShouldersError(
          "IO_ERROR",
          `${what}: the branch moved while we worked (${error.statusCode}${detail}); someone else committed, run the command again`,
          { cause: error },
        );
      default:
        return new ShouldersError("IO_ERROR", `${what}: the Hub at ${hub.hubUrl} answered ${error.statusCode}${detail}`, { cause: error });
    }
  }
  if (error instanceof InvalidApiResponseFormatError || error instanceof SyntaxError) {
    return new ShouldersError("IO_ERROR", `${what}: the Hub's answer is not what its API documents (${oneLine(error.message)})`, {
      cause: error,
    });
  }
  if (isNetworkError(error)) {
    return new ShouldersError("IO_ERROR", `${what}: network error talking to ${hub.hubUrl} (${networkDetail(error)})`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ShouldersError("IO_ERROR", `${what}: ${oneLine(message)}`, { cause: error });
}

/** Undici reports every transport failure (refused, reset, closed mid-body) as TypeError("fetch failed") with a cause. */
export function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === "AbortError") return true;
  if (error instanceof TypeError && /fetch failed|terminated|network/i.test(error.message)) return true;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && /^(?:E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code);
}

function networkDetail(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return `${code}: ${oneLine(current.message)}`;
    current = current.cause;
  }
  return oneLine(error instanceof Error ? error.message : String(error));
}

/** The Hub's own words (`{"error": …}`), without the URL trailer the client appends. */
function serverDetail(error: HubApiError): string {
  const data = error.data as { error?: unknown; message?: unknown } | undefined;
  const text = typeof data?.error === "string" ? data.error : typeof data?.message === "string" ? data.message : "";
  return text.trim() === "" ? "" : `: ${oneLine(text).slice(0, 200)}`;
}

/** One line, and never a token: a server that echoes the Authorization header must not put it on our stderr. */
export function oneLine(text: string): string {
  return redactTokens(text.replace(/\s*\n\s*/g, " ").trim());
}

export function redactTokens(text: string): string {
  return text.replace(/hf_[A-Za-z0-9_-]+/g, "hf_***");
}
