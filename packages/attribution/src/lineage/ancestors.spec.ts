import type { LedgerEntry } from "@shoulders/ledger";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logSigned } from "../../../../test/support/log-registry.js";
import { AttributionIndex } from "../attribution-index.js";
import { checkLicenses, licenseAncestors } from "../licensing/check-licenses.js";
import {
  DATASET_PREDICATE_TYPE,
  FINE_TUNE_BUILD_TYPE,
  HUB_MODEL_PREDICATE_TYPE,
  RELEASE_PREDICATE_TYPE,
  type ReleasePredicate,
  SLSA_PROVENANCE_TYPE,
} from "../predicates/index.js";
import { buildSplitGraph } from "../split/build-split-graph.js";
import { computeShares } from "../split/split-graph.js";
import { buildLineage, inputsOf, type Lineage } from "./build-lineage.js";

const LOG = logSigned();

const OWNER = "ci:acme/ledger";

/** A ledger built entry by entry, as hostile as a test needs: any reference, any index, any compromise. */
class Ledger {
  readonly entries: LedgerEntry[] = [];

  private add(predicateType: string, predicate: Record<string, unknown>, name = "manifest"): LedgerEntry {
    const index = this.entries.length;
    const entry: LedgerEntry = {
      index,
      signers: LOG.signers,
      compromised: false,
      statement: {
        _type: "https://in-toto.io/Statement/v1",
        subject: [{ name, digest: { sha256: digest(index) } }],
        predicateType,
        predicate,
      },
    };
    this.entries.push(entry);
    return entry;
  }

  dataset(
    id: string,
    version: string,
    options: { records?: number; license?: string; contributor?: string; previous?: LedgerEntry; previousIndex?: number } = {},
  ): LedgerEntry {
    const records = options.records ?? 10;
    const previous = options.previous;
    return this.add(DATASET_PREDICATE_TYPE, {
      id,
      version,
      ...(options.license === undefined ? {} : { license: options.license }),
      ...(previous === undefined
        ? {}
        : {
            previous: {
              version: (previous.statement.predicate as { version: string }).version,
              index: options.previousIndex ?? previous.index,
              manifest: digest(previous.index),
            },
          }),
      files: 1,
      bytes: 1,
      records,
      contributors: [{ identity: options.contributor ?? "github:dev", records }],
    });
  }

  run(id: string, options: { datasets?: LedgerEntry[]; baseModels?: string[]; trainer?: string } = {}): LedgerEntry {
    const uses = (options.datasets ?? []).map((entry) => {
      const predicate = entry.statement.predicate as { id: string; version: string; records: number };
      const records = predicate.records;
      return {
        id: predicate.id,
        version: predicate.version,
        manifest: digest(entry.index),
        index: entry.index,
        epochs: 1,
        records,
        uses: records,
      };
    });
    return this.add(SLSA_PROVENANCE_TYPE, {
      buildDefinition: {
        buildType: FINE_TUNE_BUILD_TYPE,
        externalParameters: { runId: id, hyperparameters: {}, datasets: uses, baseModels: options.baseModels ?? [] },
        internalParameters: { trainer: options.trainer ?? "github:tomo" },
        resolvedDependencies: [],
      },
      runDetails: {
        builder: { id: "https://ci.example.org/runner" },
        metadata: { startedOn: "2026-11-01T00:00:00Z", finishedOn: "2026-11-01T01:00:00Z" },
      },
    });
  }

  release(
    id: string,
    options: { baseModels?: string[]; run?: LedgerEntry; license?: string; relation?: ReleasePredicate["relation"] } = {},
  ): LedgerEntry {
    const run = options.run;
    return this.add(RELEASE_PREDICATE_TYPE, {
      id,
      license: options.license ?? "mit",
      ...(run === undefined ? {} : { run: { id: runId(run), index: run.index } }),
      baseModels: options.baseModels ?? [],
      ...(options.relation === undefined ? {} : { relation: options.relation }),
      files: 1,
      bytes: 1,
      manifest: digest(this.entries.length),
    });
  }

  hub(repo: string, options: { baseModels?: string[]; license?: string } = {}): LedgerEntry {
    const revision = (this.entries.length + 1).toString(16).padStart(40, "a");
    return this.add(
      HUB_MODEL_PREDICATE_TYPE,
      { repo, revision, ...(options.license === undefined ? {} : { license: options.license }), baseModels: options.baseModels ?? [] },
      `hf:${repo}@${revision}`,
    );
  }

  compromise(entry: LedgerEntry): void {
    this.entries[entry.index] = { ...entry, compromised: true };
  }

  index(): AttributionIndex {
    return new AttributionIndex(this.entries, LOG.registry);
  }
}

function digest(index: number): string {
  return index.toString(16).padStart(64, "0");
}

function runId(entry: LedgerEntry): string {
  return (entry.statement.predicate as { buildDefinition: { externalParameters: { runId: string } } }).buildDefinition.externalParameters
    .runId;
}

/** The artifacts a lineage shows as inputs of its root: runs are the way in, people and code contribute, history is context. */
function lineageAncestors(lineage: Lineage): string[] {
  const kinds = new Map(lineage.nodes.map((node) => [node.id, node.kind]));
  const into = inputsOf(lineage);
  const seen = new Set([lineage.root]);
  const found: string[] = [];
  const stack = [lineage.root];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    for (const edge of into.get(id) ?? []) {
      const kind = kinds.get(edge.from);
      if (edge.relation === "previous version" || kind === "party" || kind === "code" || seen.has(edge.from)) continue;
      seen.add(edge.from);
      stack.push(edge.from);
      if (kind !== "run") found.push(edge.from);
    }
  }
  return found.sort();
}

function splitAncestors(index: AttributionIndex, model: string): string[] {
  const graph = buildSplitGraph(index, model, { owner: OWNER });
  return [...graph.nodes.keys()].filter((id) => id !== graph.root).sort();
}

function licenseAncestorKeys(index: AttributionIndex, model: string): string[] {
  const release = index.release(model).predicate;
  const ancestors = licenseAncestors(index, {
    id: model,
    license: release.license,
    baseModels: release.baseModels,
    ...(release.run === undefined ? {} : { fromRun: release.run.id }),
    ...(release.relation === undefined ? {} : { relation: release.relation }),
  });
  const prefix = { dataset: "dataset", model: "model", "external-model": "external" } as const;
  return ancestors.map((ancestor) => `${prefix[ancestor.kind]}:${ancestor.id}`).sort();
}

/** What a reader saw: its ancestor set, or the code it refused the lineage with. */
function outcome(read: () => string[]): string[] | string {
  try {
    return read();
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

const splitParties = (index: AttributionIndex, model: string) =>
  Object.fromEntries(computeShares(buildSplitGraph(index, model, { owner: OWNER }), 1_000_000n).map((share) => [share.party, share.share]));

describe("one ancestry walk: lineage, the split graph and the license check see the same ancestors", () => {
  it("on random lineage DAGs with diamonds, hostile cycles, compromised entries and Hub models with base chains", () => {
    const ref = fc.oneof(
      fc.record({ to: fc.constant("model" as const), n: fc.nat(5), pin: fc.boolean() }),
      fc.record({ to: fc.constant("hub" as const), n: fc.nat(3), pin: fc.boolean() }),
      fc.record({ to: fc.constant("other" as const), n: fc.nat(1), pin: fc.boolean() }),
    );
    const plan = fc.record({
      datasets: fc.array(fc.record({ versions: fc.integer({ min: 1, max: 2 }), compromised: fc.boolean() }), { maxLength: 3 }),
      hubs: fc.array(
        fc.record({ bases: fc.array(fc.record({ n: fc.nat(3), prefixed: fc.boolean() }), { maxLength: 2 }), license: fc.boolean() }),
        { maxLength: 4 },
      ),
      models: fc.array(
        fc.record({
          run: fc.option(fc.record({ datasets: fc.array(fc.nat(5), { maxLength: 3 }), bases: fc.array(ref, { maxLength: 2 }) })),
          bases: fc.array(ref, { maxLength: 3 }),
          compromised: fc.boolean(),
        }),
        { minLength: 1, maxLength: 6 },
      ),
    });
    fc.assert(
      fc.property(plan, (plan) => {
        const ledger = new Ledger();
        const versions: LedgerEntry[] = [];
        plan.datasets.forEach((dataset, d) => {
          let previous: LedgerEntry | undefined;
          for (let v = 1; v <= dataset.versions; v++) {
            previous = ledger.dataset(`acme/data${d}`, String(v), {
              ...(previous === undefined ? {} : { previous }),
              license: "cc-by-4.0",
            });
            versions.push(previous);
          }
          if (dataset.compromised && previous !== undefined) ledger.compromise(previous);
        });
        plan.hubs.forEach((hub, h) => {
          // A hostile card may name a base without hf:, or itself.
          const bases = hub.bases.map((base) => `${base.prefixed ? "hf:" : ""}hub${base.n}/m`);
          ledger.hub(`hub${h}/m`, { baseModels: bases, ...(hub.license ? { license: "apache-2.0" } : {}) });
        });
        const write = (r: { to: "model" | "hub" | "other"; n: number; pin: boolean }) =>
          r.to === "model"
            ? `org/m${r.n}${r.pin ? "@1" : ""}`
            : r.to === "hub"
              ? `hf:hub${r.n}/m${r.pin ? `@${"c".repeat(40)}` : ""}`
              : r.n === 0
                ? "hf:elsewhere/x"
                : "org/gone";
        plan.models.forEach((model, m) => {
          const run =
            model.run === null
              ? undefined
              : ledger.run(`run${m}`, {
                  datasets: model.run.datasets.flatMap((d) => (versions[d] === undefined ? [] : [versions[d] as LedgerEntry])),
                  baseModels: model.run.bases.map(write),
                });
          const release = ledger.release(`org/m${m}`, { baseModels: model.bases.map(write), ...(run === undefined ? {} : { run }) });
          if (model.compromised) ledger.compromise(release);
        });
        const index = ledger.index();
        for (const model of index.releases.keys()) {
          const lineage = outcome(() => lineageAncestors(buildLineage(index, model)));
          expect(
            outcome(() => splitAncestors(index, model)),
            model,
          ).toEqual(lineage);
          expect(
            outcome(() => licenseAncestorKeys(index, model)),
            model,
          ).toEqual(lineage);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("divergences the three walks had, now one behaviour", () => {
  it("a Hub card's base_model names a Hub repository, never a model of this ledger (lineage grafted one in)", () => {
    const ledger = new Ledger();
    ledger.release("acme/secret", { license: "cc-by-nc-4.0" });
    ledger.hub("org/tuned", { baseModels: ["acme/secret"], license: "apache-2.0" });
    ledger.release("acme/app", { baseModels: ["hf:org/tuned"] });
    const lineage = buildLineage(ledger.index(), "acme/app");
    expect(lineage.nodes.map((node) => node.id)).toEqual(["model:acme/app", "external:hf:org/tuned", "external:hf:acme/secret"]);
  });

  it("the split follows a recorded Hub model's own base models, as lineage and the license check do", () => {
    const ledger = new Ledger();
    ledger.hub("meta/base", { license: "apache-2.0" });
    ledger.hub("org/tuned", { baseModels: ["hf:meta/base"], license: "apache-2.0" });
    ledger.release("acme/app", { baseModels: ["hf:org/tuned"] });
    // No own contributors: all flows upstream to hf:org/tuned, which keeps 70% and passes 30% to its base.
    expect(splitParties(ledger.index(), "acme/app")).toEqual({ "hf:org": 700_000n, "hf:meta": 300_000n });
  });

  it("a Hub model is one ancestor whatever revision each reference pins, so it is weighed once", () => {
    const ledger = new Ledger();
    const run = ledger.run("ft", { baseModels: [`hf:org/x@${"a".repeat(40)}`] });
    ledger.release("acme/merge", { run, baseModels: ["hf:org/x", "hf:other/y"], relation: "merge" });
    const index = ledger.index();
    const shares = splitParties(index, "acme/merge");
    expect(shares["hf:org"]).toBe(shares["hf:other"]);
    const lineage = buildLineage(index, "acme/merge");
    expect(lineage.nodes.filter((node) => node.kind === "external-model").map((node) => node.id)).toEqual([
      "external:hf:org/x",
      "external:hf:other/y",
    ]);
    expect(lineage.edges).toContainEqual({
      from: "external:hf:org/x",
      to: "run:ft",
      relation: "fine-tuned from",
      detail: `revision ${"a".repeat(40)}`,
    });
  });

  it("a dataset version a run names twice is paid once, with both uses: shares still add up to the whole", () => {
    const ledger = new Ledger();
    const reviews = ledger.dataset("acme/reviews", "1", { records: 10, contributor: "github:dev" });
    const other = ledger.dataset("acme/other", "1", { records: 20, contributor: "github:maya" });
    const run = ledger.run("ft", { datasets: [reviews, reviews, other] });
    ledger.release("acme/app", { run });
    const shares = splitParties(ledger.index(), "acme/app");
    expect(Object.values(shares).reduce((sum, share) => sum + share, 0n)).toBe(1_000_000n);
    // Upstream 30% is all datasets: 20 uses of reviews and 20 of other.
    expect(shares["github:dev"]).toBe(shares["github:maya"]);
  });

  it("a dataset version the ledger no longer holds is paid to the owner, and its license is unknown, not another version's", () => {
    const ledger = new Ledger();
    const v1 = ledger.dataset("acme/reviews", "1", { records: 10, license: "mit", contributor: "github:dev" });
    const other = ledger.dataset("acme/other", "1", { records: 10, license: "mit", contributor: "github:maya" });
    const run = ledger.run("ft", { datasets: [v1, other] });
    ledger.dataset("acme/reviews", "2", { previous: v1, license: "mit" });
    ledger.release("acme/app", { run, license: "mit" });
    ledger.compromise(v1);
    const index = ledger.index();
    const shares = splitParties(index, "acme/app");
    expect(shares["github:dev"]).toBeUndefined();
    expect(shares[OWNER]).toBe(shares["github:maya"]);
    const [result] = checkLicenses(index, { artifact: "acme/app" });
    expect(result?.report.conflicts.map((conflict) => [conflict.code, conflict.ancestor])).toEqual([
      ["UNKNOWN_LICENSE_INPUT", "acme/reviews@1"],
    ]);
  });

  it("a release's run is the entry it names: a later run that takes a compromised run's id is not its run", () => {
    const ledger = new Ledger();
    const honest = ledger.run("ft", { trainer: "github:tomo" });
    ledger.release("acme/app", { run: honest });
    const scraped = ledger.dataset("evil/scraped", "1", { license: "cc-by-nc-4.0", contributor: "github:mallory" });
    ledger.run("ft", { trainer: "github:mallory", datasets: [scraped] });
    ledger.compromise(honest);
    const index = ledger.index();
    expect(Object.keys(splitParties(index, "acme/app"))).toEqual([OWNER]);
    expect(buildLineage(index, "acme/app").nodes.map((node) => node.id)).toEqual(["model:acme/app"]);
    expect(checkLicenses(index, { artifact: "acme/app" })[0]?.report.conflicts).toEqual([]);
  });

  it("a ledger model that is no longer held is paid to the owner, not to a Hub organisation of the same name", () => {
    const ledger = new Ledger();
    const base = ledger.release("acme/base");
    ledger.release("acme/app", { baseModels: ["acme/base"] });
    ledger.compromise(base);
    expect(splitParties(ledger.index(), "acme/app")).toEqual({ [OWNER]: 1_000_000n });
  });

  it("a cycle is LINEAGE_CYCLE for the license check too, not a lineage it quietly cuts", () => {
    const ledger = new Ledger();
    ledger.release("acme/a");
    ledger.release("acme/b", { baseModels: ["acme/a"] });
    ledger.release("acme/a", { baseModels: ["acme/b"] });
    expect(() => checkLicenses(ledger.index(), { artifact: "acme/a" })).toThrow(expect.objectContaining({ code: "LINEAGE_CYCLE" }));
  });

  it("a dataset's history runs back in time: a previous pointer to a later entry is ignored, not a cycle", () => {
    const ledger = new Ledger();
    const v1 = ledger.dataset("acme/reviews", "1", {
      previousIndex: 1,
      previous: { index: 1, statement: { predicate: { version: "2" } } } as LedgerEntry,
    });
    const v2 = ledger.dataset("acme/reviews", "2", { previous: v1 });
    ledger.release("acme/app", { run: ledger.run("ft", { datasets: [v2] }) });
    const lineage = buildLineage(ledger.index(), "acme/app");
    expect(lineage.edges.filter((edge) => edge.relation === "previous version")).toEqual([
      { from: "dataset:acme/reviews@1", to: "dataset:acme/reviews@2", relation: "previous version" },
    ]);
  });
});
