import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shoulders } from "../support/cli.js";
import { tempDir } from "../support/ledger.js";

let dir: string;
let cleanup: () => void;
let env: Record<string, string>;

function run(args: string[]) {
  return shoulders(args, { cwd: dir, env });
}

function json(args: string[], code = 0) {
  const result = run([...args, "--json"]);
  expect(result.code, result.stderr).toBe(code);
  return JSON.parse(result.stdout);
}

beforeAll(() => {
  ({ dir, cleanup } = tempDir("shoulders-license-"));
  shoulders(["keygen", "--out", "k.key"], { cwd: dir });
  env = { SHOULDERS_SIGNING_KEY: readFileSync(join(dir, "k.key"), "utf8").trim() };
  expect(run(["init", "--origin", "github.com/acme/sentiment/attribution"]).code).toBe(0);
  for (const [folder, rows] of [
    ["reviews", 10],
    ["forum", 4],
    ["out", 1],
    ["out-nc", 1],
  ] as const) {
    mkdirSync(join(dir, folder));
    writeFileSync(join(dir, folder, "rows.jsonl"), '{"t":1}\n'.repeat(rows));
  }
  json(["record", "dataset", "reviews", "--id", "acme/reviews", "--license", "CC-BY-4.0"]);
  json(["record", "dataset", "forum", "--id", "acme/forum", "--license", "cc-by-nc-4.0"]);
  json(["record", "license", "hf:google-bert/bert-base-uncased", "--license", "apache-2.0"]);
  json([
    "record",
    "run",
    "--id",
    "ok-run",
    "--output",
    "out",
    "--base-model",
    "hf:google-bert/bert-base-uncased",
    "--dataset",
    "acme/reviews",
    "--trainer",
    "github:tomo",
  ]);
  json(["record", "release", "out", "--id", "acme/ok", "--license", "apache-2.0", "--from-run", "ok-run"]);
  json([
    "record",
    "run",
    "--id",
    "nc-run",
    "--output",
    "out-nc",
    "--base-model",
    "acme/ok",
    "--dataset",
    "acme/forum",
    "--trainer",
    "github:tomo",
  ]);
  json(["record", "release", "out-nc", "--id", "acme/nc", "--license", "apache-2.0", "--from-run", "nc-run"]);
});

afterAll(() => cleanup());

describe("shoulders license", () => {
  it("explains a license at a glance, as text and JSON", () => {
    expect(run(["license", "explain", "cc-by-nc-4.0"]).stdout).toMatch(/Commercial use\s+no/);
    const terms = json(["license", "explain", "MIT OR Apache-2.0"]);
    expect(terms.spdx).toBe("MIT OR Apache-2.0");
    expect(run(["license", "explain", "apache-2.1"]).stderr).toMatch(/^BAD_ARGUMENT: .*did you mean apache-2\.0/);
  });

  it("standardises the licenses it records", () => {
    const log = json(["log"]);
    expect(log[0].statement.predicate.license).toBe("CC-BY-4.0");
    expect(log[1].statement.predicate.license).toBe("CC-BY-NC-4.0");
    expect(run(["record", "dataset", "reviews", "--id", "acme/other", "--license", "not-a-license"]).stderr).toMatch(/^BAD_ARGUMENT: /);
  });

  it("passes a clean lineage and reports its obligations", () => {
    const report = json(["license", "check", "acme/ok"]);
    expect(report.ok).toBe(true);
    expect(report.artifacts[0].report.obligations.map((o: { code: string }) => o.code)).toContain("ATTRIBUTION_NOTICE");
  });

  it("catches a non-commercial dataset inside an Apache-2.0 model, with its path, and exits 1", () => {
    const result = run(["license", "check"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("CONFLICT NC_INPUT_COMMERCIAL_OUTPUT: acme/nc → acme/forum@1");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^LICENSE_CONFLICT: /);
    // The other reading of unsettled law is a switch away, and then it is only for review.
    expect(run(["license", "check", "acme/nc", "--training-not-adaptation"]).code).toBe(0);
  });

  it("keeps an accepted conflict on the record, in every later check and card", () => {
    json(["license", "accept", "acme/nc", "--conflict", "NC_INPUT_COMMERCIAL_OUTPUT", "--reason", "internal evaluation only"]);
    const report = json(["license", "check", "acme/nc"]);
    expect(report.ok).toBe(true);
    expect(report.artifacts[0].report.conflicts[0]).toMatchObject({
      code: "NC_INPUT_COMMERCIAL_OUTPUT",
      accepted: { reason: "internal evaluation only" },
    });
    const card = run(["card", "README.md", "--artifact", "acme/nc"]).stdout;
    expect(card).toContain("accepted: internal evaluation only");
    expect(run(["license", "accept", "acme/nc", "--conflict", "MADE_UP", "--reason", "x"]).stderr).toMatch(/^BAD_ARGUMENT: /);
  });
});

describe("shoulders card", () => {
  const handWritten = [
    "---",
    "# Written by hand; keep this comment.",
    "language:",
    "- en",
    "license: mit",
    "widget:",
    '- text: "I love it"',
    "model-index:",
    "- name: acme/ok",
    "  results: []",
    "---",
    "# acme/ok",
    "",
    "Hand-written introduction.",
    "",
  ].join("\n");

  it("writes Hub metadata and the two sections, keeps everything else, and is idempotent", () => {
    writeFileSync(join(dir, "README.md"), handWritten);
    expect(run(["card", "README.md", "--artifact", "acme/ok", "--write"]).stdout).toBe("Updated README.md.\n");
    const card = readFileSync(join(dir, "README.md"), "utf8");
    for (const kept of [
      "# Written by hand; keep this comment.\nlanguage:\n- en\n",
      'widget:\n- text: "I love it"\n',
      "model-index:\n- name: acme/ok\n  results: []\n",
      "# acme/ok\n\nHand-written introduction.\n",
    ]) {
      expect(card).toContain(kept);
    }
    expect(card).toContain("license: apache-2.0\n");
    expect(card).toContain("base_model: google-bert/bert-base-uncased\n");
    expect(card).toContain("datasets:\n- acme/reviews\n");
    expect(card).toMatch(/attribution:\n {2}origin: github\.com\/acme\/sentiment\/attribution\n {2}treeSize: \d+\n/);
    expect(card).toContain("<!-- shoulders:begin license-at-a-glance -->");
    expect(card).toContain("```mermaid\nflowchart TD");
    expect(run(["card", "README.md", "--artifact", "acme/ok", "--write"]).stdout).toBe("README.md is up to date.\n");
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe(card);
  });

  it("never overwrites a card it cannot parse", () => {
    const bomb = `---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [${Array(9).fill("*a").join(", ")}]\nc: &c [${Array(9).fill("*b").join(", ")}]\nd: [${Array(9).fill("*c").join(", ")}]\n---\nbody\n`;
    writeFileSync(join(dir, "BOMB.md"), bomb);
    const result = run(["card", "BOMB.md", "--artifact", "acme/ok", "--write"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^CARD_INVALID: /);
    expect(readFileSync(join(dir, "BOMB.md"), "utf8")).toBe(bomb);
  });
});

describe("license: other, and the link the Hub pairs with its name", () => {
  it("takes a URL or a file of the repository as --link, refuses one that leaves it, and writes it on the card", () => {
    const before = json(["log"]).length;
    for (const link of ["../LICENSE", "/etc/passwd", "docs\\LICENSE", "javascript:alert(1)", "%2e%2e/LICENSE", "LICENSE\nlicense: mit"]) {
      const refused = run(["record", "license", "acme/ok", "--license", "other", "--name", "acme-model-license", "--link", link]);
      expect(refused.code, link).toBe(2);
      expect(refused.stderr, link).toMatch(/^BAD_ARGUMENT: [^\n]*file of the repository such as LICENSE[^\n]*\n$/);
    }
    expect(json(["log"])).toHaveLength(before);

    const recorded = json(["record", "license", "acme/ok", "--license", "other", "--name", "acme-model-license", "--link", "LICENSE"]);
    expect(recorded.predicate).toMatchObject({ license: "other", name: "acme-model-license", link: "LICENSE" });
    // The entry itself verifies; acme/nc built on acme/ok is now a conflict someone must read (other licenses
    // are not in the terms table), which fails the verdict unless it is only to be reported.
    const verdict = run(["verify"]);
    expect(verdict.code).toBe(1);
    expect(verdict.stderr).toMatch(/^LICENSE_CONFLICT: UNKNOWN_LICENSE_INPUT: acme\/ok \(acme-model-license \(other\)\) → acme\/nc/m);
    const reported = run(["verify", "--license-conflicts", "warning"]);
    expect(reported.code, reported.stderr).toBe(0);
    expect(reported.stderr).toMatch(/^warning LICENSE_CONFLICT: UNKNOWN_LICENSE_INPUT/m);
    const card = run(["card", "README.md", "--artifact", "acme/ok"]).stdout;
    expect(card).toContain("license: other\n");
    expect(card).toContain("license_name: acme-model-license\nlicense_link: LICENSE\n");
  });

  it("never writes license_name without license_link: a compound license needs a declared link first", () => {
    json(["record", "license", "acme/ok", "--license", "MIT AND CC-BY-4.0"]);
    const refused = run(["card", "README.md", "--artifact", "acme/ok"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^BAD_ARGUMENT: [^\n]*shoulders record license acme\/ok --license "MIT AND CC-BY-4\.0" --link LICENSE[^\n]*\n$/,
    );

    json(["record", "license", "acme/ok", "--license", "MIT AND CC-BY-4.0", "--link", "LICENSE.md"]);
    const card = run(["card", "README.md", "--artifact", "acme/ok"]).stdout;
    expect(card).toContain("license: other\n");
    expect(card).toContain("license_name: MIT AND CC-BY-4.0\nlicense_link: LICENSE.md\n");
  });
});

describe("record license: the one builder the Hub model recorder uses too", () => {
  it("stores the name as the checks read it, and refuses what the predicate cannot hold with a coded error", () => {
    const name = "n".repeat(200);
    const recorded = json(["record", "license", "hf:acme/base", "--license", "mit", "--name", `  ${name}  `]);
    expect(recorded.predicate).toEqual({ artifact: "hf:acme/base", license: "MIT", name });
    const before = json(["log"]).length;
    for (const args of [
      ["hf:acme/bad name", "--license", "mit"],
      ["hf:", "--license", "mit"],
      ["hf:acme/base", "--license", "other", "--name", "acme-license"],
    ]) {
      const refused = run(["record", "license", ...args]);
      expect(refused.code, args.join(" ")).toBe(2);
      expect(refused.stderr, args.join(" ")).toMatch(/^BAD_ARGUMENT: [^\n]*\n$/);
    }
    expect(json(["log"])).toHaveLength(before);
  });
});
