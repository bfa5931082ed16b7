import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { policyStatement, readAttribution, type SplitPolicy, USAGE_PREDICATE_TYPE } from "@shoulders/attribution";
import {
  createKeySigner,
  generateSecretKey,
  openLedger,
  parseSecretKey,
  publicKeyFromSecret,
  STATEMENT_TYPE,
  type Statement,
  toBase64,
} from "@shoulders/ledger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shoulders } from "../support/cli.js";
import { tempDir } from "../support/ledger.js";

let dir: string;
let cleanup: () => void;
let maya: Record<string, string>;
let provider: Record<string, string>;

function run(args: string[], env: Record<string, string> = maya) {
  return shoulders(args, { cwd: dir, env });
}

function json(args: string[], env: Record<string, string> = maya) {
  const result = run([...args, "--json"], env);
  expect(result.code, result.stderr + result.stdout).toBe(0);
  return JSON.parse(result.stdout);
}

function key(name: string): string {
  shoulders(["keygen", "--out", name], { cwd: dir });
  return readFileSync(join(dir, name), "utf8").trim();
}

beforeAll(() => {
  ({ dir, cleanup } = tempDir("shoulders-split-"));
  const git = (args: string[], who: [string, string]) =>
    execFileSync("git", args, {
      cwd: dir,
      stdio: "ignore",
      env: { ...process.env, GIT_AUTHOR_NAME: who[0], GIT_AUTHOR_EMAIL: who[1], GIT_COMMITTER_NAME: who[0], GIT_COMMITTER_EMAIL: who[1] },
    });
  git(["init", "-q"], ["Maya", "maya@acme.org"]);
  git(["remote", "add", "origin", "https://github.com/acme/sentiment.git"], ["Maya", "maya@acme.org"]);
  mkdirSync(join(dir, "data"));
  writeFileSync(join(dir, "train.py"), "pass\n");
  // Distinct rows: a dataset credits each distinct record once (docs/revenue-split.md, "Credit by content").
  writeFileSync(join(dir, "data", "dev.jsonl"), Array.from({ length: 2000 }, (_, i) => `{"t":${i}}\n`).join(""));
  writeFileSync(join(dir, "data", "maya.jsonl"), Array.from({ length: 500 }, (_, i) => `{"t":${2000 + i}}\n`).join(""));
  git(["add", "."], ["Maya", "1+maya@users.noreply.github.com"]);
  git(["commit", "-qm", "code and data"], ["Maya", "1+maya@users.noreply.github.com"]);
  writeFileSync(join(dir, ".gitignore"), "*.key\nout/\n");
  maya = { SHOULDERS_SIGNING_KEY: key("maya.key") };
  provider = { SHOULDERS_SIGNING_KEY: key("provider.key") };
  expect(run(["init"]).code).toBe(0);
  json(["record", "commits"]);
  json([
    "record",
    "dataset",
    "data",
    "--id",
    "acme/reviews",
    "--license",
    "cc-by-4.0",
    "--contributor",
    "github:dev=dev.jsonl",
    "--contributor",
    "github:maya=maya.jsonl",
  ]);
  mkdirSync(join(dir, "out"));
  writeFileSync(join(dir, "out", "model.safetensors"), Buffer.alloc(1000, 1));
  json([
    "record",
    "run",
    "--id",
    "ft-2026-11",
    "--output",
    "out",
    "--base-model",
    "hf:google-bert/bert-base-uncased",
    "--dataset",
    "acme/reviews:epochs=3",
    "--trainer",
    "github:tomo",
  ]);
  json(["record", "license", "hf:google-bert/bert-base-uncased", "--license", "apache-2.0"]);
  json(["record", "release", "out", "--id", "acme/sentiment-large", "--license", "apache-2.0", "--from-run", "ft-2026-11"]);
  const providerPublic = toBase64(publicKeyFromSecret(parseSecretKey(provider.SHOULDERS_SIGNING_KEY as string)));
  json(["trust", "add", "--public-key", providerPublic, "--identity", "ci:inference/provider", "--role", "usage"]);
});

afterAll(() => cleanup());

describe("story 5: usage receipts and payouts", () => {
  it("records a provider's receipt, refuses an overlap, and accepts a correction", () => {
    const receipt = json(
      [
        "record",
        "usage",
        "--artifact",
        "acme/sentiment-large",
        "--uses",
        "1200000",
        "--revenue",
        "480.00",
        "--currency",
        "USD",
        "--period",
        "2026-11-01/2026-11-30",
      ],
      provider,
    );
    expect(receipt).toMatchObject({ appended: false, reporter: "ci:inference/provider" });
    expect(json(["integrate"]).integrated).toHaveLength(1);

    const overlap = run(
      ["record", "usage", "--artifact", "acme/sentiment-large", "--uses", "5", "--period", "2026-11-20/2026-12-05"],
      provider,
    );
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toMatch(/^BAD_ARGUMENT: this period overlaps your receipt at entry \d+/);

    const forged = run(
      [
        "record",
        "usage",
        "--artifact",
        "acme/sentiment-large",
        "--uses",
        "5",
        "--period",
        "2026-12-01/2026-12-31",
        "--reporter",
        "ci:someone/else",
      ],
      provider,
    );
    expect(forged.stderr).toMatch(/^BAD_ARGUMENT: --reporter/);

    const stranger = { SHOULDERS_SIGNING_KEY: key("stranger.key") };
    expect(
      run(["record", "usage", "--artifact", "acme/sentiment-large", "--uses", "5", "--period", "2026-12-01/2026-12-31"], stranger).stderr,
    ).toMatch(/^UNAUTHORISED_SIGNER: /);
  });

  it("pays every party to the cent, with the reasons, and the same output every time", () => {
    const result = json(["split", "--artifact", "acme/sentiment-large", "--period", "2026-11-01/2026-11-30"]);
    expect(result).toMatchObject({ artifact: "acme/sentiment-large", currency: "USD", amount: "480.00" });
    const total = result.payouts.reduce((sum: bigint, payout: { amount: string }) => sum + BigInt(payout.amount.replace(".", "")), 0n);
    expect(total).toBe(48000n);
    const byParty = Object.fromEntries(result.payouts.map((payout: { party: string; amount: string }) => [payout.party, payout.amount]));
    // Defaults: 70% own (trainer 50%, code 50%), 30% upstream (datasets 50%, base models 50%).
    expect(byParty["github:tomo"]).toBe("168.00");
    expect(byParty["github:maya"]).toBe("182.40"); // all the code (168.00) and 500 of 2,500 records of 72.00 (14.40)
    expect(byParty["github:dev"]).toBe("57.60"); // 2,000 of 2,500 records of the 72.00 dataset share
    expect(byParty["hf:google-bert"]).toBe("72.00");
    const dev = result.payouts.find((payout: { party: string }) => payout.party === "github:dev");
    expect(dev.paths[0].steps.join(" → ")).toContain(
      "acme/reviews@1: 2500 records × 3 epochs = 7500 uses → github:dev: 2000 of 2500 records",
    );

    const again = run(["split", "--artifact", "acme/sentiment-large", "--period", "2026-11-01/2026-11-30", "--json"]);
    expect(again.stdout).toBe(`${JSON.stringify(result, null, 2)}\n`);
  });

  it("exports CSV, markdown and a Drips list whose weights add up to 1,000,000", () => {
    const csv = run(["split", "--artifact", "acme/sentiment-large", "--amount", "100.00", "--currency", "EUR", "--csv"]).stdout;
    expect(csv.split("\r\n")[0]).toBe("party,amount,currency,share,why");
    const markdown = run(["split", "--artifact", "acme/sentiment-large", "--amount", "100", "--currency", "EUR", "--markdown"]).stdout;
    expect(markdown).toContain("| party | amount | share | why |");
    const drips = JSON.parse(
      run(["split", "--artifact", "acme/sentiment-large", "--amount", "100", "--currency", "EUR", "--drips"]).stdout,
    );
    expect(drips.receivers.reduce((sum: number, receiver: { weight: number }) => sum + receiver.weight, 0)).toBe(1_000_000);
  });

  it("merges linked identities into one party, and follows a declared policy", () => {
    json(["trust", "link", "github:tomo", "email:tomo@acme.org"]);
    writeFileSync(
      join(dir, "policy.yaml"),
      "upstream: 40%\ninputs: { datasets: 100%, baseModels: 0% }\nown: { trainer: 25%, code: 75%, codeWeighting: commits }\n",
    );
    json(["record", "policy", "acme/sentiment-large", "policy.yaml"]);
    const result = json(["split", "--artifact", "acme/sentiment-large", "--amount", "1000.00", "--currency", "USD"]);
    const byParty = Object.fromEntries(result.payouts.map((payout: { party: string; amount: string }) => [payout.party, payout.amount]));
    // 60% own × 25% trainer, under the linked party's public identity, never its address (issue 13 §8)
    expect(byParty["github:tomo"]).toBe("150.00");
    expect(JSON.stringify(result)).not.toContain("email:tomo@acme.org");
    const lineage = run(["lineage", "acme/sentiment-large", "--format", "json"]);
    expect(lineage.stdout).toContain('"party:github:tomo"');
    expect(lineage.stdout).not.toContain("email:tomo@acme.org");
    expect(byParty["github:maya"]).toBe("530.00"); // 60% × 75% code + 40% × 500/2500 records
    expect(byParty["github:dev"]).toBe("320.00");
    expect(byParty["hf:google-bert"]).toBeUndefined();
  });

  it("adds up receipts from several reporters and periods", () => {
    // The owner (a log key) reports its own direct sales for December; the provider reports December too.
    json([
      "record",
      "usage",
      "--artifact",
      "acme/sentiment-large",
      "--uses",
      "100",
      "--revenue",
      "20.00",
      "--currency",
      "USD",
      "--period",
      "2026-12-01/2026-12-15",
    ]);
    json([
      "record",
      "usage",
      "--artifact",
      "acme/sentiment-large",
      "--uses",
      "100",
      "--revenue",
      "30.00",
      "--currency",
      "USD",
      "--period",
      "2026-12-16/2026-12-31",
    ]);
    json(
      [
        "record",
        "usage",
        "--artifact",
        "acme/sentiment-large",
        "--uses",
        "900",
        "--revenue",
        "50.00",
        "--currency",
        "USD",
        "--period",
        "2026-12-01/2026-12-31",
      ],
      provider,
    );
    json(["integrate"]);
    const result = json(["split", "--artifact", "acme/sentiment-large", "--period", "2026-12-01/2026-12-31"]);
    expect(result.amount).toBe("100.00");
    expect(result.receipts.map((receipt: { reporter: string }) => receipt.reporter).sort()).toEqual([
      "ci:acme/sentiment",
      "ci:acme/sentiment",
      "ci:inference/provider",
    ]);
    expect(json(["split", "--artifact", "acme/sentiment-large", "--period", "2026-11-01/2026-12-31"]).amount).toBe("580.00");
  });

  it("flags overlapping receipts that reached the ledger anyway, and counts them once", () => {
    // Two pending receipts are written before either is integrated, so neither saw the other.
    for (const uses of ["10", "20"]) {
      json(
        [
          "record",
          "usage",
          "--artifact",
          "acme/sentiment-large",
          "--uses",
          uses,
          "--revenue",
          "10.00",
          "--currency",
          "USD",
          "--period",
          "2027-01-01/2027-01-31",
        ],
        provider,
      );
    }
    expect(json(["integrate"]).integrated).toHaveLength(2);
    const verified = json(["verify"]);
    expect(verified.valid).toBe(true);
    expect(verified.warnings.some((warning: { message: string }) => warning.message.startsWith("RECEIPT_OVERLAP"))).toBe(true);
    expect(run(["verify", "--strict"]).code).toBe(1);
    const result = json(["split", "--artifact", "acme/sentiment-large", "--period", "2027-01-01/2027-01-31"]);
    expect(result.amount).toBe("10.00");
    expect(result.flags[0].code).toBe("RECEIPT_OVERLAP");
  });

  it("gives bad input one line and a stable code", () => {
    writeFileSync(join(dir, "bad-policy.yaml"), "upstream: 140%\n");
    writeFileSync(join(dir, "uneven.yaml"), "own: { trainer: 60%, code: 50% }\n");
    const cases: [string[], string][] = [
      [["split", "--artifact", "acme/sentiment-large", "--amount=-5", "--currency", "USD"], "BAD_ARGUMENT"],
      [["split", "--artifact", "acme/sentiment-large", "--amount", "1e3", "--currency", "USD"], "BAD_ARGUMENT"],
      [["split", "--artifact", "acme/sentiment-large", "--amount", "10.001", "--currency", "USD"], "BAD_ARGUMENT"],
      [["split", "--artifact", "acme/sentiment-large", "--amount", "ten", "--currency", "USD"], "BAD_ARGUMENT"],
      [["split", "--artifact", "acme/sentiment-large", "--amount", "10", "--currency", "XYZ"], "BAD_ARGUMENT"],
      [["split", "--artifact", "acme/unknown", "--amount", "10", "--currency", "USD"], "UNKNOWN_ARTIFACT"],
      [["split", "--artifact", "acme/sentiment-large", "--period", "2026-02-30/2026-03-01"], "BAD_ARGUMENT"],
      [["split", "--artifact", "acme/sentiment-large", "--period", "2028-01-01/2028-01-31"], "BAD_ARGUMENT"],
      [["record", "policy", "acme/sentiment-large", "bad-policy.yaml"], "PARAMS_INVALID"],
      [["record", "policy", "acme/sentiment-large", "uneven.yaml"], "PARAMS_INVALID"],
      [["record", "usage", "--artifact", "acme/sentiment-large", "--uses", "-1", "--period", "2026-12-01/2026-12-31"], "USAGE"],
    ];
    for (const [args, code] of cases) {
      const result = run(args);
      expect(result.code, args.join(" ")).not.toBe(0);
      expect(result.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(result.stderr, args.join(" ")).toMatch(new RegExp(`^${code}: `));
    }
  });
  it("lends a countersignature no authority: a throw-away key's policy and receipt, approved by digest, pay nobody", async () => {
    const amount = ["split", "--artifact", "acme/sentiment-large", "--amount", "1000.00", "--currency", "USD"];
    const period = ["split", "--artifact", "acme/sentiment-large", "--period", "2026-11-01/2026-11-30"];
    const before = { amount: json(amount).payouts, period: json(period).payouts };
    const { index } = readAttribution({ dir });
    const release = index.release("acme/sentiment-large");
    const current = index.policies.get("acme/sentiment-large")?.predicate;
    expect(current).toBeDefined();
    const mallory = createKeySigner(generateSecretKey());
    const policy = policyStatement({ ...(current as SplitPolicy), own: { trainer: 1_000_000, code: 0, codeWeighting: "commits" } }, index);
    const receipt: Statement = {
      _type: STATEMENT_TYPE,
      subject: [{ name: "model:acme/sentiment-large", digest: { sha256: release.predicate.manifest } }],
      predicateType: USAGE_PREDICATE_TYPE,
      predicate: {
        artifact: "acme/sentiment-large",
        period: { start: "2026-11-01", end: "2026-11-30" },
        uses: 1,
        revenue: { amount: "999999.00", currency: "USD" },
      },
    };
    const digests = [];
    for (const statement of [policy, receipt]) digests.push(basename((await openLedger(dir).propose(statement, mallory)).path, ".json"));
    // Without approval the log writer leaves both where they are.
    const refused = run(["integrate"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.match(/^UNAPPROVED_SIGNER: /gm)).toHaveLength(2);
    // A maintainer approves exactly these files: the log key countersigns them into the log, and that is all it does.
    const approved = run(["integrate", ...digests.flatMap((digest) => ["--approve", digest])]);
    expect(approved.stdout.match(/\(countersigned\)$/gm), approved.stderr).toHaveLength(2);
    expect(json(amount).payouts).toEqual(before.amount);
    const after = json(period);
    expect(after.payouts).toEqual(before.period);
    expect(after.flags).toContainEqual(expect.objectContaining({ code: "RECEIPT_UNAUTHORISED" }));
    expect(run(["integrate", "--approve", "not-a-digest"]).stderr).toMatch(
      /^USAGE: --approve "not-a-digest": a pending file's digest is its name/,
    );
  });
});

describe("policies in time (issue 13 §7): a later policy never re-splits revenue already reported", () => {
  const artifact = "acme/sentiment-large";
  const november = ["split", "--artifact", artifact, "--period", "2026-11-01/2026-11-30"];
  const byParty = (result: { payouts: { party: string; amount: string }[] }) =>
    Object.fromEntries(result.payouts.map((payout) => [payout.party, payout.amount]));

  function report(period: string, revenue: string): number {
    json(
      ["record", "usage", "--artifact", artifact, "--uses", "10", "--revenue", revenue, "--currency", "USD", "--period", period],
      provider,
    );
    return json(["integrate"]).integrated[0].index;
  }

  function policy(name: string, text: string, from: string): number {
    writeFileSync(join(dir, name), text);
    return json(["record", "policy", artifact, name, "--from", from]).firstIndex;
  }

  it("splits November by the policy in force when it was reported, and names it", () => {
    // The policy above (upstream 40%, trainer 25%) was recorded after November's receipt: November keeps the default.
    const result = json(november);
    const receipt = result.receipts[0].index;
    expect(result.policies).toEqual([{ artifact, entry: null, receipts: [receipt] }]);
    expect(byParty(result)).toMatchObject({ "github:tomo": "168.00", "github:maya": "182.40", "github:dev": "57.60" });
    const named = `acme/sentiment-large default policy (receipt ${receipt})`;
    expect(run(november).stdout).toContain(`Split by the policies in force for each receipt: ${named}\n`);
    expect(run([...november, "--markdown"]).stdout).toContain(named);
  });

  it("re-splits a past period under the latest policy only with --resplit, and says so", () => {
    const latest = json(["split", "--artifact", artifact, "--amount", "480.00", "--currency", "USD"]);
    const entry = latest.policies[0].entry;
    expect(latest.policies).toEqual([{ artifact, entry: expect.any(Number) }]);
    const result = json([...november, "--resplit"]);
    expect(result.resplit).toBe(true);
    expect(result.policies).toEqual([{ artifact, entry, receipts: [result.receipts[0].index] }]);
    expect(byParty(result)["github:tomo"]).toBe("72.00"); // 60% own × 25% trainer
    expect(result.payouts).toEqual(latest.payouts);
    expect(run([...november, "--resplit"]).stdout).toContain(
      `Re-split under the latest policies on request, not the policies in force when this revenue was reported: acme/sentiment-large entry ${entry} (receipt ${result.receipts[0].index}) (--resplit)\n`,
    );
    const amount = run(["split", "--artifact", artifact, "--amount", "1", "--currency", "USD", "--resplit"]);
    expect(amount.stderr).toMatch(/^USAGE: split: --resplit re-splits a --period/);
  });

  it("sums receipts of one period under different policies exactly, rounding once", () => {
    const before = report("2099-01-01/2099-01-15", "100.01");
    // From the period's first day, but recorded after its first receipt: the log's order keeps that receipt as it was.
    const later = policy("upstream-only.yaml", "upstream: 100%\ninputs: { datasets: 50%, baseModels: 50% }\n", "2099-01-01");
    const after = report("2099-01-16/2099-01-31", "0.03");
    const result = json(["split", "--artifact", artifact, "--period", "2099-01-01/2099-01-31"]);
    expect(result.amount).toBe("100.04");
    const earlier = result.policies.find((use: { entry: number }) => use.entry !== later).entry;
    expect(result.policies).toEqual([
      { artifact, entry: earlier, receipts: [before] },
      { artifact, entry: later, receipts: [after] },
    ]);
    // 100.01 by the earlier policy: tomo 15.0015, maya 53.0053, dev 32.0032; 0.03 by the later one: dev 0.012,
    // maya 0.003, hf:google-bert 0.015. Floors add up to 100.02; the two cents left go to maya (.83) and dev (.52).
    expect(byParty(result)).toEqual({ "github:tomo": "15.00", "github:maya": "53.01", "github:dev": "32.02", "hf:google-bert": "0.01" });
  });

  it("keeps a receipt reported late for a period before a policy's first day under the policy of its period", () => {
    const later = policy("trainer-only.yaml", "upstream: 0%\nown: { trainer: 100%, code: 0% }\n", "2099-03-01");
    const february = report("2099-02-01/2099-02-28", "10.00");
    const march = report("2099-03-01/2099-03-31", "10.00");
    const result = json(["split", "--artifact", artifact, "--period", "2099-02-01/2099-02-28"]);
    expect(result.policies).toEqual([{ artifact, entry: expect.any(Number), receipts: [february] }]);
    expect(result.policies[0].entry).toBeLessThan(later);
    expect(byParty(result)["github:tomo"]).toBeUndefined(); // upstream 100% under the policy in force
    const next = json(["split", "--artifact", artifact, "--period", "2099-03-01/2099-03-31"]);
    expect(next.policies).toEqual([{ artifact, entry: later, receipts: [march] }]);
    expect(byParty(next)).toEqual({ "github:tomo": "10.00" });
    const backdated = run(["record", "policy", artifact, "trainer-only.yaml", "--from", "2026-01-01"]);
    expect(backdated.stderr).toMatch(/^BAD_ARGUMENT: --from 2026-01-01 is before today \(\d{4}-\d{2}-\d{2}\): a policy never reaches back/);
  });
});

describe("releases in time (issue 13 §7): a new release never re-splits revenue already reported", () => {
  const november = (artifact: string) => ["split", "--artifact", artifact, "--period", "2026-11-01/2026-11-30"];
  const byParty = (result: { payouts: { party: string; amount: string }[] }) =>
    Object.fromEntries(result.payouts.map((payout) => [payout.party, payout.amount]));

  function release(id: string, runId: string, trainer: string, baseModel?: string): number {
    const output = `out-${runId}`;
    mkdirSync(join(dir, output));
    writeFileSync(join(dir, output, "model.safetensors"), `${runId}\n`);
    const lineage = baseModel === undefined ? ["--dataset", "acme/reviews:epochs=3"] : ["--base-model", baseModel];
    json(["record", "run", "--id", runId, "--output", output, ...lineage, "--trainer", trainer]);
    return json(["record", "release", output, "--id", id, "--license", "apache-2.0", "--from-run", runId]).firstIndex;
  }

  it("keeps November's payouts when the model is released again from a new run, and moves them only with --resplit", () => {
    const first = release("acme/small", "ft-small", "github:tomo");
    const chatRelease = release("acme/chat", "ft-chat", "github:lee", "acme/small");
    for (const artifact of ["acme/small", "acme/chat"]) {
      json(
        [
          "record",
          "usage",
          "--artifact",
          artifact,
          "--uses",
          "10",
          "--revenue",
          "480.00",
          "--currency",
          "USD",
          "--period",
          "2026-11-01/2026-11-30",
        ],
        provider,
      );
    }
    json(["integrate"]);
    const before = { small: json(november("acme/small")), chat: json(november("acme/chat")) };
    expect(byParty(before.small)["github:tomo"]).toBe("168.00"); // 70% own × 50% trainer
    expect(byParty(before.chat)["github:tomo"]).toBe("50.40"); // 30% upstream to acme/small × 35%

    // The attack: a new release of the same model, from a new run with another trainer, after November was reported.
    const second = release("acme/small", "ft-small-friend", "github:friend");
    const small = json(november("acme/small"));
    const receipt = small.receipts[0].index;
    expect(small.payouts).toEqual(before.small.payouts);
    expect(byParty(small)["github:friend"]).toBeUndefined();
    expect(small.releases).toEqual([{ artifact: "acme/small", entry: first, receipts: [receipt] }]);
    const chat = json(november("acme/chat"));
    expect(chat.payouts).toEqual(before.chat.payouts); // the base model is the release in force too
    expect(chat.releases).toEqual([
      { artifact: "acme/chat", entry: chatRelease, receipts: [chat.receipts[0].index] },
      { artifact: "acme/small", entry: first, receipts: [chat.receipts[0].index] },
    ]);
    const text = run(november("acme/small")).stdout;
    expect(text).toContain(`Through the releases in force for each receipt: acme/small entry ${first} (receipt ${receipt})\n`);
    expect(run([...november("acme/small"), "--markdown"]).stdout).toContain(`acme/small entry ${first} (receipt ${receipt})`);

    const resplit = json([...november("acme/small"), "--resplit"]);
    expect(resplit).toMatchObject({ resplit: true, releases: [{ artifact: "acme/small", entry: second, receipts: [receipt] }] });
    expect(byParty(resplit)["github:friend"]).toBe("168.00");
    expect(byParty(resplit)["github:tomo"]).toBeUndefined();
    expect(run([...november("acme/small"), "--resplit"]).stdout).toContain(
      `Re-split through the latest releases on request, not the releases in force when this revenue was reported: acme/small entry ${second} (receipt ${receipt}) (--resplit)\n`,
    );
    const amount = json(["split", "--artifact", "acme/small", "--amount", "480.00", "--currency", "USD"]);
    expect(amount.releases).toEqual([{ artifact: "acme/small", entry: second }]);
    expect(amount.payouts).toEqual(resplit.payouts);
  });
});
