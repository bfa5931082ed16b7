/**
 * Never sign what verify will flag: every write through the ledger handle validates the predicates this project
 * defines before anything is signed, for the log key's own appends, for a contributor's pending file, and for a
 * pending file the log writer integrates.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { openAttributionLedger, RELEASE_PREDICATE_TYPE, SLSA_PROVENANCE_TYPE, verifyAttribution } from "@shoulders/attribution";
import {
  createKeySigner,
  generateSecretKey,
  layoutOf,
  openLedger,
  pendingDigest,
  STATEMENT_TYPE,
  type Statement,
  segmentPath,
} from "@shoulders/ledger";
import { afterEach, describe, expect, it } from "vitest";
import { shoulders } from "../support/cli.js";
import { makeLedger } from "../support/ledger.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A release whose predicate misses its manifest digest and file count: verify flags it as PREDICATE_INVALID. */
const broken: Statement = {
  _type: STATEMENT_TYPE,
  subject: [{ name: "manifest", digest: { sha256: "a".repeat(64) } }],
  predicateType: RELEASE_PREDICATE_TYPE,
  predicate: { id: "acme/m", license: "MIT", baseModels: [] },
};

function logBytes(dir: string): string {
  return readFileSync(segmentPath(layoutOf(dir), 0), "utf8");
}

describe("never sign what verify will flag", () => {
  it("refuses the log key's own append, and writes nothing", async () => {
    const made = await makeLedger(1);
    cleanups.push(made.cleanup);
    const before = logBytes(made.dir);
    await expect(openAttributionLedger(made.dir).append([broken], createKeySigner(made.seed))).rejects.toMatchObject({
      code: "PREDICATE_INVALID",
      message: expect.stringContaining("release"),
    });
    expect(logBytes(made.dir)).toBe(before);
    // The bare ledger handle knows no predicates: what it signs, verify reports (a warning, an error with --strict).
    await openLedger(made.dir).append([broken], createKeySigner(made.seed));
    expect(verifyAttribution({ dir: made.dir, strict: true }).errors.map((e) => e.code)).toContain("PREDICATE_INVALID");
  });

  it("refuses through the CLI, for the log key and for a contributor's pending file", async () => {
    const made = await makeLedger(0);
    cleanups.push(made.cleanup);
    writeFileSync(join(made.dir, "statement.json"), JSON.stringify(broken));
    const before = logBytes(made.dir);
    const asOwner = shoulders(["append", "statement.json"], {
      cwd: made.dir,
      env: { SHOULDERS_SIGNING_KEY: Buffer.from(made.seed).toString("base64") },
    });
    expect(asOwner.code).toBe(1);
    expect(asOwner.stderr).toMatch(/^PREDICATE_INVALID: release: /);
    const asContributor = shoulders(["append", "statement.json"], {
      cwd: made.dir,
      env: { SHOULDERS_SIGNING_KEY: Buffer.from(generateSecretKey()).toString("base64") },
    });
    expect(asContributor.code).toBe(1);
    expect(asContributor.stderr).toMatch(/^PREDICATE_INVALID: /);
    expect(logBytes(made.dir)).toBe(before);
    expect(readdirSync(layoutOf(made.dir).root)).not.toContain("pending");
  });

  it("checks a provenance of any build type against SLSA v1: a builder id that is no URI is never signed", async () => {
    const made = await makeLedger(1);
    cleanups.push(made.cleanup);
    const provenance = (builderId: string): Statement => ({
      _type: STATEMENT_TYPE,
      subject: [{ name: "model.bin", digest: { sha256: "b".repeat(64) } }],
      predicateType: SLSA_PROVENANCE_TYPE,
      predicate: {
        buildDefinition: { buildType: "https://example.org/their-build/v1", externalParameters: { recipe: "x" } },
        runDetails: { builder: { id: builderId }, metadata: { startedOn: "2026-11-01T00:00:00Z" } },
      },
    });
    const before = logBytes(made.dir);
    await expect(
      openAttributionLedger(made.dir).append([provenance("shoulders-cli@gpu-box-1")], createKeySigner(made.seed)),
    ).rejects.toMatchObject({ code: "PREDICATE_INVALID", message: expect.stringMatching(/^SLSA provenance: .*builder id is a URI/) });
    // Every field SLSA v1 defines has its type: a dependency with nothing to identify it, a builder version that is
    // not a map of strings, a start time that is not RFC 3339.
    const withFields = (buildDefinition: object, runDetails: object): Statement => {
      const base = provenance("https://example.org/ci");
      const predicate = base.predicate as { buildDefinition: object; runDetails: object };
      return {
        ...base,
        predicate: {
          buildDefinition: { ...predicate.buildDefinition, ...buildDefinition },
          runDetails: { ...predicate.runDetails, ...runDetails },
        },
      };
    };
    for (const bad of [
      withFields({ resolvedDependencies: [{}] }, {}),
      withFields({}, { builder: { id: "https://example.org/ci", version: "1.0" } }),
      withFields({}, { metadata: { startedOn: "yesterday" } }),
    ]) {
      await expect(openAttributionLedger(made.dir).append([bad], createKeySigner(made.seed))).rejects.toMatchObject({
        code: "PREDICATE_INVALID",
      });
    }
    expect(logBytes(made.dir)).toBe(before);
    // Another project's build type with a URI builder is theirs to define, and is signed as it came.
    await openAttributionLedger(made.dir).append([provenance("https://example.org/ci")], createKeySigner(made.seed));
    expect(verifyAttribution({ dir: made.dir, strict: true })).toMatchObject({ valid: true, errors: [] });
  });

  it("leaves a pending file whose predicate does not validate where it is, and integrates nothing of it", async () => {
    const made = await makeLedger(0);
    cleanups.push(made.cleanup);
    // Proposed through a handle that knows no predicates, as another tool could write it.
    const { path } = await openLedger(made.dir).propose(broken, createKeySigner(generateSecretKey()));
    // Even approved by a maintainer, a file whose predicate does not validate is never signed.
    const approved = new Set([pendingDigest(basename(path))]);
    const result = await openAttributionLedger(made.dir).integrate(createKeySigner(made.seed), { approved });
    expect(result.integrated).toEqual([]);
    expect(result.rejected).toEqual([expect.objectContaining({ file: path, code: "PREDICATE_INVALID" })]);
    expect(readFileSync(path, "utf8")).toContain("payload");
    expect(verifyAttribution({ dir: made.dir }).errors).toEqual([
      expect.objectContaining({ code: "PREDICATE_INVALID", path: expect.stringMatching(/^pending\/[0-9a-f]{64}\.json$/) }),
    ]);
  });
});
