import { ShouldersError } from "@shoulders/ledger";
import type { AttributionIndex, DatasetVersion, HubModel, Release, Run } from "../attribution-index.js";
import type { DatasetUse, ReleasePredicate } from "../predicates/index.js";
import { type ModelReference, parseModelRef } from "../record/model-ref.js";

export type ModelRelation = NonNullable<ReleasePredicate["relation"]>;

/** A model of this ledger: the release a walk follows, or a release about to be recorded (the upload hook checks first). */
export type ModelArtifact = {
  kind: "model";
  key: string;
  id: string;
  release?: Release;
  /** The run that produced it, when the ledger holds the very run entry the release names. */
  run?: Run;
  baseModels: readonly string[];
  relation?: ModelRelation;
};
/** A model outside this ledger: on the Hub (recorded with `shoulders hf model` or not), or a ledger id nothing releases. */
export type ExternalArtifact = { kind: "external-model"; key: string; id: string; ref: ModelReference; hub?: HubModel };
/** A dataset version a run used; `entry` is missing when the ledger does not hold the version the run pinned. */
export type DatasetArtifact = { kind: "dataset"; key: string; id: string; version: string; entry?: DatasetVersion };
/** A run, as the root of a lineage; everywhere else a run is the way its model's inputs came in. */
export type RunArtifact = { kind: "run"; key: string; id: string; run: Run };
export type Artifact = ModelArtifact | ExternalArtifact | DatasetArtifact | RunArtifact;

/**
 * One input of an artifact, and the record that names it: the run's statement, the release's, or a Hub model's card.
 * A base model named twice (by the run and by the release, or at two revisions) is one input; so is a dataset version
 * a run names twice. `refs` and `uses` keep every mention, in order.
 */
export type Input = {
  artifact: Artifact;
  via: "run" | "release" | "hub";
  /** The recorded base_model_relation of the artifact that names this input; datasets are always trained on. */
  relation?: ModelRelation;
  refs: string[];
  uses: DatasetUse[];
};

/** An artifact the walk reached: its inputs, and the input edge on its shortest path from the root. */
export type Visit = { artifact: Artifact; inputs: Input[]; parent?: Visit; reachedBy?: Input; depth: number };

export type Ancestry = {
  root: Visit;
  /** The root, then every ancestor once, breadth-first: each with its shortest path from the root. */
  visits: Visit[];
};

/**
 * Which release of a ledger model the walk follows: its latest (lineage, license check), or for a split the one in
 * force when a receipt was reported (split/release-in-force.ts); undefined when there is none.
 */
export type ReleaseOf = (id: string) => Release | undefined;

function latestRelease(index: AttributionIndex): ReleaseOf {
  return (id) => index.releases.get(id)?.at(-1);
}

/** Largest lineage walked before refusing, so a hostile ledger cannot make a reader run for ever. */
export const MAX_ANCESTORS = 100_000;

/**
 * The one walk over an artifact's ancestors, that lineage, the split graph and the license check all build on. It
 * follows a release to its run (the exact entry the release names) and to its base models; a run to its dataset
 * versions (the exact entries it pinned, by index and manifest) and base models; a Hub model recorded with
 * `shoulders hf model` to its card's base models, which are always Hub models. A base model released in this ledger is
 * the release `releaseOf` gives, its latest by default. Breadth-first and iterative, so a lineage thousands deep neither
 * overflows the stack nor costs more than one visit per artifact; a cycle (a model that is its own ancestor) is
 * LINEAGE_CYCLE for every reader.
 */
export function walkAncestors(index: AttributionIndex, root: Artifact, releaseOf = latestRelease(index)): Ancestry {
  const start: Visit = { artifact: root, inputs: inputsOfArtifact(index, root, releaseOf), depth: 0 };
  const visits: Visit[] = [start];
  const seen = new Map<string, Visit>([[root.key, start]]);
  for (let next = 0; next < visits.length; next++) {
    const visit = visits[next] as Visit;
    for (const input of visit.inputs) {
      if (seen.has(input.artifact.key)) continue;
      if (visits.length >= MAX_ANCESTORS) {
        throw new ShouldersError("BAD_ARGUMENT", `the lineage of ${root.id} has over ${MAX_ANCESTORS} artifacts`);
      }
      const reached: Visit = {
        artifact: input.artifact,
        inputs: inputsOfArtifact(index, input.artifact, releaseOf),
        parent: visit,
        reachedBy: input,
        depth: visit.depth + 1,
      };
      seen.set(input.artifact.key, reached);
      visits.push(reached);
    }
  }
  assertAcyclic(visits, seen, root);
  return { root: start, visits };
}

/** The artifacts on a visit's shortest path, root first. */
export function pathTo(visit: Visit): Artifact[] {
  const path: Artifact[] = [];
  for (let at: Visit | undefined = visit; at !== undefined; at = at.parent) path.push(at.artifact);
  return path.reverse();
}

/** What a model reference names. A Hub model is one artifact whatever revision a reference pins. */
export function modelArtifact(
  index: AttributionIndex,
  ref: ModelReference,
  releaseOf = latestRelease(index),
): ModelArtifact | ExternalArtifact {
  if (ref.kind === "hub") {
    const hub = index.hubModel(ref.repo);
    return { kind: "external-model", key: `external:hf:${ref.repo}`, id: `hf:${ref.repo}`, ref, ...(hub === undefined ? {} : { hub }) };
  }
  const release = releaseOf(ref.id);
  if (release === undefined) return { kind: "external-model", key: `external:${ref.id}`, id: ref.id, ref };
  return releaseArtifact(index, release);
}

/**
 * The run a release names: the run with that id, and the very entry when the release pins its index. The id alone is
 * not enough: were the named run's entry compromised, a later run could take over its id, and its trainer the pay.
 */
export function namedRun(index: AttributionIndex, named: { id: string; index?: number } | undefined): Run | undefined {
  const run = named === undefined ? undefined : index.runs.get(named.id);
  return run !== undefined && (named?.index === undefined || run.index === named.index) ? run : undefined;
}

export function releaseArtifact(index: AttributionIndex, release: Release): ModelArtifact {
  const produced = namedRun(index, release.predicate.run);
  return {
    kind: "model",
    key: `model:${release.predicate.id}`,
    id: release.predicate.id,
    release,
    ...(produced === undefined ? {} : { run: produced }),
    baseModels: release.predicate.baseModels,
    ...(release.predicate.relation === undefined ? {} : { relation: release.predicate.relation }),
  };
}

export function runArtifact(run: Run): RunArtifact {
  return { kind: "run", key: `run:${run.id}`, id: run.id, run };
}

export function datasetArtifact(version: DatasetVersion): DatasetArtifact {
  const { id, version: name } = version.predicate;
  return { kind: "dataset", key: `dataset:${id}@${name}`, id, version: name, entry: version };
}

/** The dataset version a run pinned: the entry at its index, holding its manifest; else a version not in this ledger. */
function usedDataset(index: AttributionIndex, use: DatasetUse): DatasetArtifact {
  const version = index.datasets.get(use.id)?.find((candidate) => candidate.index === use.index && candidate.manifest === use.manifest);
  return version === undefined
    ? { kind: "dataset", key: `dataset:${use.id}@${use.version}`, id: use.id, version: use.version }
    : datasetArtifact(version);
}

/** The direct inputs of an artifact, each once, in the order its records name them: datasets, then base models. */
export function inputsOfArtifact(index: AttributionIndex, artifact: Artifact, releaseOf = latestRelease(index)): Input[] {
  const inputs = new Map<string, Input>();
  const add = (found: Artifact, via: Input["via"], relation: ModelRelation | undefined, ref?: string, use?: DatasetUse) => {
    let input = inputs.get(found.key);
    if (input === undefined) {
      input = { artifact: found, via, ...(relation === undefined ? {} : { relation }), refs: [], uses: [] };
      inputs.set(found.key, input);
    }
    if (ref !== undefined) input.refs.push(ref);
    if (use !== undefined) input.uses.push(use);
  };
  const fromRun = (run: Run, relation: ModelRelation | undefined) => {
    const parameters = run.predicate.buildDefinition.externalParameters;
    for (const use of parameters.datasets) add(usedDataset(index, use), "run", undefined, undefined, use);
    for (const ref of parameters.baseModels) add(modelArtifact(index, parseModelRef(ref), releaseOf), "run", relation, ref);
  };
  switch (artifact.kind) {
    case "model":
      if (artifact.run !== undefined) fromRun(artifact.run, artifact.relation);
      for (const ref of artifact.baseModels) add(modelArtifact(index, parseModelRef(ref), releaseOf), "release", artifact.relation, ref);
      break;
    case "run":
      fromRun(artifact.run, undefined);
      break;
    case "external-model": {
      const hub = artifact.hub?.predicate;
      // A card's base_model names Hub repositories (the Hub validates it), never a model of this ledger.
      for (const ref of hub?.baseModels ?? []) add(modelArtifact(index, asHubRef(parseModelRef(ref))), "hub", hub?.relation, ref);
      break;
    }
    case "dataset":
      // A previous version is history, not an input: a version's own record counts all its records and names its license.
      break;
  }
  return [...inputs.values()];
}

function asHubRef(ref: ModelReference): ModelReference {
  if (ref.kind === "hub") return ref;
  return { kind: "hub", repo: ref.id, ...(ref.version === undefined ? {} : { revision: ref.version }) };
}

/** Kahn's algorithm over the walked edges: an artifact that never becomes free of inputs sits on a cycle. */
function assertAcyclic(visits: readonly Visit[], byKey: ReadonlyMap<string, Visit>, root: Artifact): void {
  const waiting = new Map<Visit, number>(visits.map((visit) => [visit, visit.inputs.length]));
  const users = new Map<Visit, Visit[]>();
  for (const visit of visits) {
    for (const input of visit.inputs) {
      const from = byKey.get(input.artifact.key) as Visit;
      const list = users.get(from);
      if (list === undefined) users.set(from, [visit]);
      else list.push(visit);
    }
  }
  const free = visits.filter((visit) => visit.inputs.length === 0);
  let done = 0;
  for (let visit = free.pop(); visit !== undefined; visit = free.pop()) {
    done++;
    for (const user of users.get(visit) ?? []) {
      const left = (waiting.get(user) as number) - 1;
      waiting.set(user, left);
      if (left === 0) free.push(user);
    }
  }
  if (done === visits.length) return;
  // Every stuck artifact waits on a stuck input, so following them must come round: name an artifact on the loop,
  // not one that merely sits downstream of it.
  const stuck = (visit: Visit) => (waiting.get(visit) as number) > 0;
  let at = visits.find(stuck) as Visit;
  const passed = new Set<Visit>();
  while (!passed.has(at)) {
    passed.add(at);
    at = at.inputs.map((input) => byKey.get(input.artifact.key) as Visit).find(stuck) as Visit;
  }
  throw new ShouldersError("LINEAGE_CYCLE", `the lineage of ${root.id} has a cycle through ${at.artifact.id}`);
}
