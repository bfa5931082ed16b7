import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import {
  createKeySigner,
  fromBase64,
  LEDGER_MEMBER,
  openLedger,
  type Statement,
  serializeEnvelope,
  signEnvelope,
  utf8,
} from "@shoulders/ledger";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { shoulders } from "../support/cli.js";
import { tempDir } from "../support/ledger.js";

let dir: string;
let cleanup: () => void;
let env: Record<string, string | undefined>;

function run(args: string[], extra: Record<string, string | undefined> = {}) {
  return shoulders(args, { cwd: dir, env: { ...env, ...extra } });
}

function log(): { statement: Statement }[] {
  return JSON.parse(run(["log", "--json"]).stdout);
}

const RUN = ["record", "run", "--id", "ft-1", "--output", "out", "--trainer", "github:tomo"];

beforeEach(() => {
  ({ dir, cleanup } = tempDir("shoulders-run-"));
  shoulders(["keygen", "--out", "log.key"], { cwd: dir });
  // Not a GitHub Actions run, even when the tests run in one: the default builder is this machine's.
  env = { SHOULDERS_SIGNING_KEY: readFileSync(join(dir, "log.key"), "utf8").trim(), GITHUB_ACTIONS: undefined };
  expect(run(["init", "--origin", "github.com/acme/sentiment/attribution"]).code).toBe(0);
  mkdirSync(join(dir, "out"));
  writeFileSync(join(dir, "out", "model.safetensors"), "weights");
});

afterEach(() => cleanup());

describe("a run's builder, SLSA Provenance v1 runDetails.builder.id, is a URI", () => {
  it("record run refuses a --builder that is not one, in one line with an example, and records the default as one", () => {
    const before = log();
    const refused = run([...RUN, "--builder", "shoulders-cli@gpu-box-1"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^BAD_ARGUMENT: the builder id "shoulders-cli@gpu-box-1" is not a URI[^\n]*such as https:\/\/[^\n]*\n$/);
    expect(log()).toEqual(before);

    expect(run([...RUN, "--builder", "https://ci.example.org/runners/gpu-box-1"]).code).toBe(0);
    expect(run(["record", "run", "--id", "ft-2", "--output", "out", "--trainer", "github:tomo"]).code).toBe(0);
    const builders = log()
      .slice(-2)
      .map((entry) => (entry.statement.predicate as { runDetails: { builder: { id: string } } }).runDetails.builder.id);
    expect(builders).toEqual([
      "https://ci.example.org/runners/gpu-box-1",
      `https://shoulders.dev/builders/cli#${hostname().replace(/[^A-Za-z0-9.-]/g, "-") || "localhost"}`,
    ]);
    expect(run(["verify"]).code).toBe(0);
  });

  it("verify flags a run whose builder id is not a URI as PREDICATE_INVALID at its entry, and --strict fails on it", async () => {
    expect(run(RUN).code).toBe(0);
    const recorded = log().at(-1)?.statement as Statement;
    const index = log().length;
    const predicate = structuredClone(recorded.predicate) as { runDetails: { builder: { id: string } } } & Record<
      string,
      { index: number }
    >;
    predicate.runDetails.builder.id = "shoulders-cli@gpu-box-1";
    // Signed by the log key for the next entry and appended raw, as an older version or another tool could have written it.
    (predicate[LEDGER_MEMBER] as { index: number }).index = index;
    const seed = fromBase64(env.SHOULDERS_SIGNING_KEY as string);
    const line = serializeEnvelope(await signEnvelope(utf8(JSON.stringify({ ...recorded, predicate })), [createKeySigner(seed)]));
    await openLedger(dir).write(createKeySigner(seed), async (writer) => {
      await writer.append([line]);
    });
    // A warning by default (the log itself is intact), a failure with --strict.
    const message = `PREDICATE_INVALID: entry ${index}: fine-tune run: runDetails.builder.id: a builder id is a URI, e.g. https://`;
    const verified = run(["verify"]);
    expect(verified.code).toBe(0);
    expect(verified.stderr).toContain(`warning ${message}`);
    const strict = run(["verify", "--strict"]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(message);
  });
});
