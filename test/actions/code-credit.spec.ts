/**
 * Issue 13 §5 and §6, as the runner and a maintainer run them: code credit follows git ancestry through the record
 * action's own ledger commits, data-only commits are no one's code, and a commit is one unit of credit shared by its
 * author and at most 16 co-authors, whatever trailers it carries; every push stays recordable.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AttributionIndex, COMMIT_PREDICATE_TYPE, MAX_CO_AUTHORS, predicateValidators } from "@shoulders/attribution";
import { readEntries } from "@shoulders/ledger";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { shoulders } from "../support/cli.js";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import { tempDir } from "../support/ledger.js";
import {
  commitFiles,
  dev,
  type Fixture,
  git,
  makeFixture,
  maya,
  type Person,
  pull,
  pushPayload,
  rows,
  runnerCheckout,
  ZERO,
  zoe,
} from "./fixtures.js";
import { type ActionRun, runAction } from "./run-action.js";

const mallory: Person = { name: "Mallory", email: "mallory@example.org", login: "mallory" };

let fake: FakeGitHub;
const fixtures: Fixture[] = [];
beforeAll(async () => {
  fake = await startFakeGitHub();
});
afterAll(async () => {
  await fake.close();
  for (const fixture of fixtures) fixture.cleanup();
});
afterEach(() => {
  expect(fake.problems()).toEqual([]);
});

async function fixture(): Promise<Fixture> {
  const made = await makeFixture();
  fixtures.push(made);
  return made;
}

const head = (dir: string) => git(dir, "rev-parse", "HEAD");

/** Pushes Maya's clone, runs the record action for that push as the runner does, and pulls its ledger commit back. */
async function pushAndRecord(f: Fixture, authors: Person[]): Promise<ActionRun> {
  const before = git(f.remote, "rev-parse", "main");
  const after = head(f.maya);
  git(f.maya, "push", "-q", "origin", "main");
  const run = await runAction("record", {
    workspace: runnerCheckout(f, after),
    eventName: "push",
    payload: pushPayload({ before, after, commits: authors.map((author) => ({ id: after, author })) }),
    inputs: { "signing-key": f.key },
    apiUrl: fake.url,
    sha: after,
  });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  pull(f.maya);
  return run;
}

/** The first push, recorded: Maya's commit (code and data), then the bot's ledger commit on top. */
async function started(): Promise<Fixture> {
  const f = await fixture();
  git(f.maya, "push", "-q", "origin", "main");
  const after = head(f.maya);
  const run = await runAction("record", {
    workspace: runnerCheckout(f, after),
    eventName: "push",
    payload: pushPayload({ before: ZERO, after, commits: [{ id: after, author: maya }] }),
    inputs: { "signing-key": f.key },
    apiUrl: fake.url,
    sha: after,
  });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  pull(f.maya);
  return f;
}

type Payout = { party: string; amount: string; paths: { steps: string[] }[] };

/** A maintainer's run (the trainer is Tomo), its release and the split of `amount` USD, all through the CLI. */
function runReleaseSplit(f: Fixture, amount: string, runArgs: string[] = []): Payout[] {
  const cli = (args: string[]) => {
    const result = shoulders(args, { cwd: f.maya, env: { SHOULDERS_SIGNING_KEY: f.key } });
    expect(result.code, result.stderr + result.stdout).toBe(0);
    return result.stdout;
  };
  mkdirSync(join(f.maya, "out"), { recursive: true });
  writeFileSync(join(f.maya, "out", "model.bin"), "weights");
  cli(["record", "run", "--id", "ft-1", "--output", "out", "--trainer", "github:tomo", ...runArgs]);
  cli(["record", "release", "out", "--id", "acme/sentiment", "--license", "apache-2.0", "--from-run", "ft-1"]);
  return (
    JSON.parse(cli(["split", "--artifact", "acme/sentiment", "--amount", amount, "--currency", "USD", "--json"])) as { payouts: Payout[] }
  ).payouts;
}

/**
 * `shoulders record commits` in Maya's clone: every reachable commit, the bot's included, so that what the split
 * credits below depends only on how it counts, never on a gap in the ledger's history.
 */
function recordEveryCommit(f: Fixture): void {
  const result = shoulders(["record", "commits"], { cwd: f.maya, env: { SHOULDERS_SIGNING_KEY: f.key } });
  expect(result.code, result.stderr).toBe(0);
}

const amounts = (payouts: Payout[]) => Object.fromEntries(payouts.map((payout) => [payout.party, payout.amount]));

/** `count` Co-authored-by (and Signed-off-by) trailers of invented people, `padding` characters long or so each. */
function trailers(count: number, options: { tag: string; padding?: number; signOffs?: number }): string {
  const pad = "x".repeat(options.padding ?? 0);
  const person = (i: number) => `${options.tag} ${i} ${pad.slice(0, 280)} <${options.tag}${i}${pad.slice(0, 190)}@example.org>`;
  const coAuthors = Array.from({ length: count }, (_, i) => `Co-authored-by: ${person(i)}`);
  const signOffs = Array.from({ length: options.signOffs ?? 0 }, (_, i) => `Signed-off-by: ${person(1000 + i)}`);
  return [...coAuthors, ...signOffs].join("\n");
}

describe("code credit follows git ancestry (issue 13 §5)", () => {
  it("a run at the default --code HEAD, the record action's ledger commit, still credits every earlier code author, through a merge", async () => {
    const f = await started();
    // Dev works on a branch while Maya pushes a change of her own; she then merges his branch with a real merge.
    git(f.maya, "checkout", "-q", "-b", "dev-branch");
    commitFiles(f.maya, dev, "Tune the learning rate", { "train.py": "print('train', 0.01)\n" });
    git(f.maya, "checkout", "-q", "main");
    commitFiles(f.maya, maya, "Document training", { "README.md": "# sentiment\n\nRun train.py.\n" });
    await pushAndRecord(f, [maya]);
    git(
      f.maya,
      "-c",
      `user.name=${maya.name}`,
      "-c",
      `user.email=${maya.email}`,
      "merge",
      "-q",
      "--no-ff",
      "-m",
      "Merge dev-branch",
      "dev-branch",
    );
    await pushAndRecord(f, [maya, dev]);
    // HEAD is now the bot's ledger commit, which no push range ever holds.
    expect(git(f.maya, "log", "-1", "--format=%ae", "HEAD")).toBe("41898282+github-actions[bot]@users.noreply.github.com");

    const payouts = runReleaseSplit(f, "80.00");
    // No inputs: trainer 50%, code 50% (40.00) by commits: Maya's first commit and her README change (2), Dev's
    // tuning (1), reached through the merge, which is no one's code of its own. Before, the walk found no recorded
    // HEAD and Tomo took everything.
    expect(amounts(payouts)).toEqual({ "github:tomo": "40.00", "github:maya": "26.67", "github:dev": "13.33" });
  });

  it("the last pusher before a run does not take the whole code share", async () => {
    const f = await started();
    const last = commitFiles(f.maya, dev, "Tune the learning rate", { "train.py": "print('train', 0.01)\n" });
    await pushAndRecord(f, [dev]);

    // The run names Dev's pushed commit: the walk goes on through the first run's ledger commit to Maya's.
    const payouts = runReleaseSplit(f, "80.00", ["--code", last]);
    expect(amounts(payouts)).toEqual({ "github:tomo": "40.00", "github:maya": "20.00", "github:dev": "20.00" });
  });

  it("commits that only touch a declared dataset folder are data contributions, never code authorship", async () => {
    const f = await started();
    commitFiles(f.maya, zoe, "Add 50 reviews", { "data/zoe.jsonl": rows(50, "zoe") });
    const run = await pushAndRecord(f, [zoe]);
    recordEveryCommit(f);

    const payouts = runReleaseSplit(f, "100.00", ["--dataset", "acme/reviews"]);
    const zoePaid = payouts.find((payout) => payout.party === "github:zoe");
    // Zoe is paid through the dataset's records, and through nothing else.
    expect(zoePaid?.paths.map((path) => path.steps.join(" → "))).toEqual([expect.stringContaining("datasets")]);
    expect(JSON.stringify(payouts)).not.toMatch(/github:zoe: [0-9.]+ commit/);
    // The code share (70% own × 50% = 35.00) is all Maya's one code commit.
    const code = payouts.flatMap((payout) => payout.paths.map((path) => path.steps.join(" → "))).filter((p) => p.includes("code authors"));
    expect(code).toEqual([expect.stringMatching(/code authors 50% \(by commits\) → github:maya: 1 commit$/)]);
    expect(run.stdout).toContain("1 data-only, credited through their dataset");
  });
});

describe("co-authors share one commit (issue 13 §6)", () => {
  it("100 invented Co-authored-by trailers dilute only the commit they sit on", async () => {
    const f = await started();
    commitFiles(f.maya, dev, "Tune the learning rate", { "train.py": "print('train', 0.01)\n" });
    commitFiles(f.maya, mallory, `Rename a variable\n\n${trailers(100, { tag: "Sybil" })}`, { "train.py": "print('train', 0.02)\n" });
    const run = await pushAndRecord(f, [dev, mallory]);
    recordEveryCommit(f);

    const paid = amounts(runReleaseSplit(f, "100.00"));
    // Code 50.00 over three commits: Maya's and Dev's whole, Mallory's shared by Mallory and 16 co-authors, 1/17 each
    // (50.00 / 3 / 17 = 0.98). Before, the 101 people of Mallory's commit took 101 of 103 commits' worth: 98%.
    expect(paid["github:tomo"]).toBe("50.00");
    expect(paid["github:maya"]).toBe("16.67");
    expect(paid["github:dev"]).toBe("16.67");
    expect(paid["github:mallory"]).toBe("0.98");
    const sybils = Object.entries(paid).filter(([party]) => party.startsWith("email:sybil"));
    expect(sybils).toHaveLength(MAX_CO_AUTHORS);
    expect(sybils.every(([, amount]) => amount === "0.98")).toBe(true);
    expect(run.annotations).toContainEqual(
      expect.objectContaining({ level: "warning", message: expect.stringContaining(`84 co-author(s) beyond the ${MAX_CO_AUTHORS}`) }),
    );
  });

  it("101 trailers: the statement stays valid, the push records, and everyone else's commits keep their credit", async () => {
    const f = await started();
    const devCommit = commitFiles(f.maya, dev, "Tune the learning rate", { "train.py": "print('train', 0.01)\n" });
    const sybil = commitFiles(f.maya, mallory, `Rename\n\n${trailers(101, { tag: "Sybil" })}`, { "train.py": "print(2)\n" });
    await pushAndRecord(f, [dev, mallory]);

    const { dir, cleanup } = tempDir("shoulders-code-credit-");
    git(f.root, "clone", "-q", f.remote, dir);
    const read = readEntries({ dir, predicates: predicateValidators() });
    const index = new AttributionIndex(read.entries, read.registry);
    expect(index.commits.get(devCommit)?.commit.author.identities).toContain("github:dev");
    expect(index.commits.get(sybil)?.commit.coAuthors).toHaveLength(MAX_CO_AUTHORS);
    expect(shoulders(["verify", "--strict"], { cwd: dir }).code).toBe(0);
    cleanup();
  });

  it("40 commits with long trailers record: batches end by their signed size, not only their count", async () => {
    const f = await started();
    for (let i = 0; i < 40; i++)
      commitFiles(f.maya, mallory, `Change ${i}\n\n${trailers(100, { tag: `p${i}-`, padding: 300, signOffs: 100 })}`, {
        "train.py": `print(${i})\n`,
      });
    await pushAndRecord(f, [mallory]);

    const { dir, cleanup } = tempDir("shoulders-code-credit-");
    git(f.root, "clone", "-q", f.remote, dir);
    const read = readEntries({ dir, predicates: predicateValidators() });
    const batches = read.entries.filter((entry) => entry.statement.predicateType === COMMIT_PREDICATE_TYPE);
    // The first push's commit, then 40 long commits plus the first run's ledger commit, over several lines.
    expect(batches.length).toBeGreaterThan(2);
    expect(new AttributionIndex(read.entries, read.registry).commits.size).toBe(42);
    expect(shoulders(["verify", "--strict"], { cwd: dir }).code).toBe(0);
    cleanup();
  });

  it("the CLI records the same history: capped trailers are warned about, never fatal, and every line fits", () => {
    const { dir, cleanup } = tempDir("shoulders-code-credit-cli-");
    git(dir, "init", "-q", "-b", "main");
    for (let i = 0; i < 40; i++)
      commitFiles(dir, mallory, `Change ${i}\n\n${trailers(101, { tag: `p${i}-`, padding: 300, signOffs: 100 })}`, {
        "train.py": `print(${i})\n`,
      });
    expect(shoulders(["keygen", "--out", "maya.key"], { cwd: dir }).code).toBe(0);
    const env = { SHOULDERS_SIGNING_KEY: readFileSync(join(dir, "maya.key"), "utf8").trim() };
    expect(shoulders(["init", "--origin", "github.com/acme/sentiment"], { cwd: dir, env }).code).toBe(0);
    const recorded = shoulders(["record", "commits", "--json"], { cwd: dir, env });
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(JSON.parse(recorded.stdout)).toMatchObject({ recorded: 40 });
    expect(recorded.stderr.split("\n").filter((line) => line.startsWith("warning: commit "))).toHaveLength(40);
    expect(shoulders(["verify", "--strict"], { cwd: dir }).code).toBe(0);
    cleanup();
  });
});
