import { describe, expect, it } from "vitest";
import { DEFAULT_HUB_URL, parseRepoName, parseRevision, requireToken, resolveHub } from "./hub-options.js";

describe("resolveHub", () => {
  it("takes the option, then HF_ENDPOINT and HF_TOKEN, then the public Hub", () => {
    expect(resolveHub({ env: {} })).toEqual({ hubUrl: DEFAULT_HUB_URL, accessToken: undefined, fetch: undefined });
    const env = { HF_ENDPOINT: "https://hub.example.org/", HF_TOKEN: "hf_fromenv" };
    expect(resolveHub({ env })).toMatchObject({ hubUrl: "https://hub.example.org", accessToken: "hf_fromenv" });
    expect(resolveHub({ env, hubUrl: "http://127.0.0.1:9", accessToken: "hf_option" })).toMatchObject({
      hubUrl: "http://127.0.0.1:9",
      accessToken: "hf_option",
    });
  });

  it("refuses a URL with credentials, a query or another scheme", () => {
    for (const hubUrl of ["ftp://hub.example.org", "https://user:pw@hub.example.org", "https://hub.example.org/?x=1", "not a url"]) {
      expect(() => resolveHub({ hubUrl, env: {} })).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
    }
  });

  it("says which one was bad: the option, by its field, or HF_ENDPOINT", () => {
    expect(() => resolveHub({ hubUrl: "ftp://a.example", env: { HF_ENDPOINT: "https://hub.example.org" } })).toThrow(
      expect.objectContaining({ message: `\`hubUrl\` "ftp://a.example" must be a plain http(s) URL such as ${DEFAULT_HUB_URL}` }),
    );
    expect(() => resolveHub({ env: { HF_ENDPOINT: "not a url" } })).toThrow(
      expect.objectContaining({ message: `HF_ENDPOINT "not a url" is not a URL such as ${DEFAULT_HUB_URL}` }),
    );
  });

  it("refuses a token that is not one, without ever printing it", () => {
    const secret = "ghp_notahuggingfacetoken123";
    let message = "";
    try {
      resolveHub({ env: { HF_TOKEN: secret } });
    } catch (error) {
      expect(error).toMatchObject({ code: "KEY_INVALID" });
      message = (error as Error).message;
    }
    expect(message).toMatch(/HF_TOKEN/);
    expect(message).not.toContain(secret);
  });

  it("says how to get a token when a write needs one", () => {
    expect(() => requireToken(resolveHub({ env: {} }))).toThrow(
      expect.objectContaining({ code: "KEY_MISSING", message: expect.stringMatching(/HF_TOKEN/) }),
    );
  });
});

describe("parseRepoName", () => {
  it("accepts ORG/NAME as the Hub spells it", () => {
    for (const name of ["acme/sentiment-large", "google-bert/bert-base-uncased", "A1/b.c_d", "TinyLlama/TinyLlama-1.1B-Chat-v1.0"]) {
      expect(parseRepoName(name)).toBe(name);
    }
  });

  it("refuses path tricks and names the Hub would refuse", () => {
    for (const name of [
      "../x",
      "acme/../x",
      "acme/..",
      "x",
      "/x",
      "acme/",
      "acme//x",
      "a/b/c",
      "acme/x--y",
      "acme/-x",
      "acme/x.",
      "models/x",
      "acme/x y",
      "acme/x%2F",
      `a/${"x".repeat(100)}`,
    ]) {
      expect(() => parseRepoName(name), name).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
    }
  });
});

describe("parseRevision", () => {
  it("accepts branches, tags and commits, and refuses path tricks", () => {
    for (const revision of ["main", "v2", "refs/pr/1", "0123456789abcdef0123456789abcdef01234567"])
      expect(parseRevision(revision)).toBe(revision);
    for (const revision of ["../main", "a/../b", "", "-x", "a b", "a\nb", "a/"]) {
      expect(() => parseRevision(revision), revision).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
    }
  });
});
