import { HubApiError } from "@huggingface/hub";
import { describe, expect, it } from "vitest";
import { hubError, isNetworkError } from "./hub-error.js";
import { resolveHub } from "./hub-options.js";

const withToken = resolveHub({ hubUrl: "https://hub.example.org", accessToken: "hf_secretsecret", env: {} });
const anonymous = resolveHub({ hubUrl: "https://hub.example.org", env: {} });

function api(status: number, error?: string): HubApiError {
  const failure = new HubApiError("https://hub.example.org/api/models/acme/m", status, undefined, "Api error");
  if (error !== undefined) failure.data = { error };
  return failure;
}

describe("hubError", () => {
  it("maps the Hub's answers to the project's codes, in one line", () => {
    expect(hubError(api(401), withToken, "reading acme/m")).toMatchObject({
      code: "KEY_INVALID",
      message: expect.stringMatching(/refused the token in HF_TOKEN/),
    });
    expect(hubError(api(401), anonymous, "reading acme/m")).toMatchObject({
      code: "KEY_INVALID",
      message: expect.stringMatching(/set HF_TOKEN/),
    });
    expect(hubError(api(403, "no\nrights"), withToken, "x")).toMatchObject({
      code: "UNAUTHORISED_SIGNER",
      message: expect.stringContaining("(403: no rights)"),
    });
    expect(hubError(api(404, "Repository not found"), withToken, "x")).toMatchObject({ code: "UNKNOWN_ARTIFACT" });
    expect(hubError(api(412), withToken, "x")).toMatchObject({ code: "IO_ERROR", message: expect.stringMatching(/branch moved/) });
    expect(hubError(api(502), withToken, "x")).toMatchObject({ code: "IO_ERROR", message: expect.stringMatching(/answered 502/) });
  });

  it("never repeats a token the server echoes", () => {
    const error = hubError(api(500, "bad header Bearer hf_secretsecret"), withToken, "x");
    expect(error.message).not.toContain("hf_secretsecret");
    expect(error.message).toContain("hf_***");
  });

  it("recognises undici's network errors by their cause", () => {
    const refused = Object.assign(new TypeError("fetch failed"), {
      cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }),
    });
    expect(isNetworkError(refused)).toBe(true);
    expect(hubError(refused, withToken, "x")).toMatchObject({ code: "IO_ERROR", message: expect.stringContaining("ECONNREFUSED") });
    expect(isNetworkError(new TypeError("x is not a function"))).toBe(false);
  });
});
