import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { md } from "./markdown.js";

const ZWSP = "\u200B";

/**
 * The text GitHub's renderer sees in `md`'s output: character references decoded, backslash escapes of ASCII
 * punctuation applied (CommonMark 0.31 §2.4, §2.5). Mentions and autolinks are found in this text.
 */
function rendered(markdown: string): string {
  const references: Record<string, string> = { "&#8203;": ZWSP, "&amp;": "&", "&lt;": "<", "&gt;": ">" };
  return markdown.replace(/&#8203;|&amp;|&lt;|&gt;|\\([!-/:-@[-`{-~])/g, (match, escaped: string | undefined) =>
    escaped !== undefined ? escaped : (references[match] as string),
  );
}

/**
 * Everything in rendered text that GitHub would turn into a link or a notification, by the rules GitHub documents,
 * each widened so that it over-reports: GFM's autolink extension (www., any scheme's ://, e-mail addresses and
 * mailto:/xmpp:, all keyed on an `@` followed by a domain character), @user and @org/team mentions after any
 * character (GitHub needs a non-word one), owner/repo@sha, and #123, owner/repo#123 and GH-123 references.
 */
function linkable(text: string): string[] {
  const patterns = [/@[A-Za-z0-9_-]/, /www\./i, /[A-Za-z][A-Za-z0-9+.-]*:\/\//, /#\d/, /gh-\d/i];
  return patterns.flatMap((pattern) => pattern.exec(text)?.[0] ?? []);
}

const punctuation = fc.constantFrom(..."!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "", " ", "\t", "\n", "\u00a0", "\u3000", "—", "「", ZWSP);
const name = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,12}$/);
const hazard = fc.oneof(
  name.map((login) => `@${login}`),
  fc.tuple(name, name).map(([org, team]) => `@${org}/${team}`),
  fc.tuple(fc.constantFrom("www.", "WWW.", "wWw."), name, name).map(([www, host, tld]) => `${www}${host}.${tld}`),
  fc.tuple(fc.constantFrom("http", "https", "HTTPS", "ftp", "git+ssh"), name).map(([scheme, host]) => `${scheme}://${host}.example/x`),
  fc.tuple(fc.constantFrom("", "mailto:", "xmpp:"), name, name).map(([protocol, user, host]) => `${protocol}${user}@${host}.org`),
  fc.tuple(fc.constantFrom("#", "acme/other#", "GH-", "gh-"), fc.nat()).map(([prefix, n]) => `${prefix}${n}`),
  fc.stringMatching(/^[0-9a-f]{7,40}$/).map((sha) => `acme/other@${sha}`),
);
/** Any text, with hazards injected after any punctuation, space or nothing at all. */
const hostile = fc
  .array(
    fc.oneof(
      fc.string({ unit: "binary" }),
      fc.tuple(punctuation, hazard).map(([before, link]) => before + link),
    ),
    {
      maxLength: 8,
    },
  )
  .map((parts) => parts.join(""));

describe("md", () => {
  it("leaves nothing GitHub would link or notify in any text, whatever punctuation comes before", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        expect(linkable(rendered(md(text, Number.MAX_SAFE_INTEGER)))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it("shows the text as written: one line, no raw HTML, only invisible spaces added", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const out = md(text, Number.MAX_SAFE_INTEGER);
        expect(out).not.toMatch(/[<>\r\n\u2028\u2029]/);
        const shown = rendered(out).replaceAll(ZWSP, "");
        expect(shown).toBe(
          text
            .replaceAll(ZWSP, "")
            .replace(/`/g, "'")
            .replace(/[\r\n\u2028\u2029]+/g, " "),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it("breaks each form GitHub recognises, as examples", () => {
    expect(md("ask -@maya, .@maya, +@maya, (@acme/owners)")).toBe("ask -@&#8203;maya, .@&#8203;maya, +@&#8203;maya, (@&#8203;acme/owners)");
    expect(md("mail maya@example.org or mailto:maya@example.org")).toBe("mail maya@&#8203;example.org or mailto:maya@&#8203;example.org");
    expect(md("see www.evil.example and https://evil.example")).toBe("see www&#8203;.evil.example and https:&#8203;//evil.example");
    expect(md("fixes #12, acme/other#3 and GH-4")).toBe("fixes #&#8203;12, acme/other#&#8203;3 and GH-&#8203;4");
    expect(md("[x](/settings) ![y](z) \\@maya a|b `c`")).toBe("\\[x\\](/settings) !\\[y\\](z) \\\\@&#8203;maya a\\|b 'c'");
  });

  it("cuts long text", () => {
    expect(md("x".repeat(300))).toBe(`${"x".repeat(200)}…`);
  });
});
