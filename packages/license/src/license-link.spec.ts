import { describe, expect, it } from "vitest";
import { LicenseLink } from "./license-link.js";

const accepts = (link: string) => LicenseLink.safeParse(link).success;

describe("LicenseLink", () => {
  it("takes a web page, or a file of the repository as the Hub's license_link does", () => {
    for (const link of [
      "https://acme.example/licenses/model-1.0",
      "http://acme.example/l",
      "LICENSE",
      "LICENSE.md",
      "docs/MODEL LICENSE.txt",
    ])
      expect(accepts(link), link).toBe(true);
  });

  it("refuses other schemes, paths out of the repository, and anything that changes the URL or the line", () => {
    for (const link of [
      "javascript:alert(1)",
      "file:///etc/passwd",
      "data:text/html,<script>",
      "../LICENSE",
      "docs/../../LICENSE",
      "./LICENSE",
      "/etc/passwd",
      "//evil.example/LICENSE",
      "docs//LICENSE",
      "docs\\LICENSE",
      "C:LICENSE",
      "%2e%2e/LICENSE",
      "LICENSE?raw=1",
      "LICENSE#top",
      "LICENSE\nlicense: mit",
      "https://acme.example/a\nb",
      " LICENSE",
      "https://acme.example/l ",
      "",
    ])
      expect(accepts(link), JSON.stringify(link)).toBe(false);
  });
});
