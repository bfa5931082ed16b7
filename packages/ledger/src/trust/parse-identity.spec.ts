import { describe, expect, it } from "vitest";
import { parseIdentity } from "./parse-identity.js";

describe("parseIdentity", () => {
  it("normalises what providers compare without case", () => {
    expect(parseIdentity("github:Alice", "`identity`")).toBe("github:alice");
    expect(parseIdentity("email:Alice@Example.org", "`identity`")).toBe("email:alice@example.org");
    expect(parseIdentity("github-id:42", "`identity`")).toBe("github-id:42");
  });

  it.each(["alice", "github:", "twitter:alice", "github:al ice", "__proto__:x", ""])("refuses %j, naming the input", (text) => {
    expect(() => parseIdentity(text, "`trainer`")).toThrow(
      expect.objectContaining({
        code: "BAD_ARGUMENT",
        message: `\`trainer\` "${text}" is not an identity such as github:alice, hf:alice or email:alice@example.org`,
      }),
    );
  });
});
