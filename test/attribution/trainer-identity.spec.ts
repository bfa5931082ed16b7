import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shoulders } from "../support/cli.js";
import { tempDir } from "../support/ledger.js";

let dir: string;
let cleanup: () => void;
let env: Record<string, string | undefined>;

function run(args: string[], extra: Record<string, string | undefined> = {}) {
  return shoulders(args, { cwd: dir, env: { ...env, ...extra } });
}

/** Records run `id` with the default trainer, as whoever git's local user.email names. */
function recordRun(id: string, email: string, extra: Record<string, string | undefined> = {}) {
  execFileSync("git", ["-C", dir, "config", "user.email", email]);
  return run(["record", "run", "--id", id, "--output", "out", "--json"], extra);
}

beforeAll(() => {
  ({ dir, cleanup } = tempDir("shoulders-trainer-"));
  execFileSync("git", ["init", "-q", dir]);
  execFileSync("git", ["-C", dir, "config", "user.name", "Tomo"]);
  shoulders(["keygen", "--out", "log.key"], { cwd: dir });
  // Not a GitHub Actions run, even when the tests run in one, unless a test says so.
  env = { SHOULDERS_SIGNING_KEY: readFileSync(join(dir, "log.key"), "utf8").trim(), GITHUB_ACTIONS: undefined, GITHUB_ACTOR: undefined };
  expect(run(["init", "--origin", "github.com/acme/sentiment/attribution"]).code).toBe(0);
  mkdirSync(join(dir, "out"));
  writeFileSync(join(dir, "out", "model.safetensors"), "weights");
});

afterAll(() => cleanup());

describe("a run's trainer is the public identity of their commits, never an e-mail address (issue 13 §8)", () => {
  it("takes the GitHub login from a noreply address, as the trainer's commits are shown", () => {
    const recorded = recordRun("ft-noreply", "12+Tomo@users.noreply.github.com");
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(JSON.parse(recorded.stdout).trainer).toBe("github:tomo");
  });

  it("asks for --trainer rather than record a plain address, and records nothing", () => {
    const before = run(["log", "--json"]).stdout;
    const refused = recordRun("ft-address", "Tomo@Acme.org");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^USAGE: pass --trainer \(e\.g\. github:tomo\): no GitHub login is known for you/);
    expect(refused.stderr.split("\n")).toHaveLength(2);
    expect(refused.stderr + refused.stdout).not.toContain("acme.org");
    expect(run(["log", "--json"]).stdout).toBe(before);
  });

  it("takes the login an address is linked to, and the login that started a GitHub Actions run", () => {
    expect(run(["trust", "link", "email:tomo@acme.org", "github:tomo"]).code).toBe(0);
    const linked = recordRun("ft-linked", "tomo@acme.org");
    expect(linked.code, linked.stderr).toBe(0);
    expect(JSON.parse(linked.stdout).trainer).toBe("github:tomo");
    const actions = recordRun("ft-actions", "", { GITHUB_ACTIONS: "true", GITHUB_ACTOR: "Ana" });
    expect(actions.code, actions.stderr).toBe(0);
    expect(JSON.parse(actions.stdout).trainer).toBe("github:ana");
    expect(run(["log", "--json"]).stdout).not.toMatch(/"trainer": ?"email/);
  });
});
