import { ShouldersError } from "@shoulders/ledger";
import type { AttributionIndex, DatasetVersion, Run } from "../attribution-index.js";
import { partyNames } from "../identity/party-names.js";
import { isCodeCommit } from "../predicates/index.js";
import { parseModelRef, readModelRef } from "../record/model-ref.js";
import {
  type Artifact,
  type DatasetArtifact,
  datasetArtifact,
  type ExternalArtifact,
  type Input,
  type ModelArtifact,
  releaseArtifact,
  runArtifact,
  walkAncestors,
} from "./ancestors.js";

export type NodeKind = "model" | "run" | "dataset" | "external-model" | "code" | "party";

export type LineageNode = {
  id: string;
  kind: NodeKind;
  label: string;
  /** The ledger entry that records it, when there is one. */
  index?: number;
  facts: Record<string, string | number>;
};

/** An edge points from an input or a contributor to what it went into: dataset → run → model, person → dataset. */
export type LineageEdge = { from: string; to: string; relation: string; detail?: string };

export type Lineage = { root: string; nodes: LineageNode[]; edges: LineageEdge[] };

/** Largest lineage drawn before refusing: contributors count too, so this bounds more than the walk's limit does. */
const MAX_NODES = 100_000;

/**
 * Every ancestor and contributor of an artifact: a model release, a run or a dataset (ID or ID@VERSION). The ancestors
 * are walkAncestors' (so a cycle is LINEAGE_CYCLE, as in every reader); around them this draws the runs, the code and
 * the people, and each dataset version's history (the versions it follows, which are context, not inputs).
 */
export function buildLineage(index: AttributionIndex, artifact: string): Lineage {
  const nodes = new Map<string, LineageNode>();
  const edges: LineageEdge[] = [];
  const party = partyNames(index);

  const addNode = (node: LineageNode): boolean => {
    if (nodes.has(node.id)) return false;
    if (nodes.size >= MAX_NODES) throw new ShouldersError("BAD_ARGUMENT", `the lineage of ${artifact} has over ${MAX_NODES} nodes`);
    nodes.set(node.id, node);
    return true;
  };
  const addParty = (identity: string, to: string, relation: string, detail?: string) => {
    const id = `party:${party(identity)}`;
    addNode({ id, kind: "party", label: party(identity), facts: {} });
    edges.push({ from: id, to, relation, ...(detail === undefined ? {} : { detail }) });
  };

  const modelNode = (model: ModelArtifact): string => {
    const { release } = model;
    addNode({
      id: model.key,
      kind: "model",
      label: release?.predicate.version === undefined ? model.id : `${model.id} ${release.predicate.version}`,
      ...(release === undefined ? {} : { index: release.index }),
      facts: {
        ...(release === undefined ? {} : { license: release.predicate.license, files: release.predicate.files }),
        ...(model.relation ? { relation: model.relation } : {}),
      },
    });
    if (model.run !== undefined) edges.push({ from: runNode(model.run), to: model.key, relation: "produced" });
    return model.key;
  };

  /** A run's own node, once: two releases of one run share it, with its trainer and code. */
  const runNode = (run: Run): string => {
    const id = `run:${run.id}`;
    const fresh = addNode({
      id,
      kind: "run",
      label: run.id,
      index: run.index,
      facts: { finishedOn: run.predicate.runDetails.metadata.finishedOn, builder: run.predicate.runDetails.builder.id },
    });
    if (!fresh) return id;
    const { internalParameters, resolvedDependencies } = run.predicate.buildDefinition;
    if (internalParameters?.trainer !== undefined) addParty(internalParameters.trainer, id, "trained");
    const code = resolvedDependencies.find((dependency) => dependency.name === "code");
    const sha = code?.digest?.gitCommit;
    if (code?.uri !== undefined && sha !== undefined) edges.push({ from: codeNode(code.uri, sha), to: id, relation: "code" });
    return id;
  };

  const externalNode = (model: ExternalArtifact): string => {
    const hub = model.hub?.predicate;
    addNode({
      id: model.key,
      kind: "external-model",
      label: model.id,
      ...(model.hub === undefined ? {} : { index: model.hub.index }),
      facts: hub === undefined ? {} : { revision: hub.revision.slice(0, 12), ...(hub.license ? { license: hub.license } : {}) },
    });
    return model.key;
  };

  /** A dataset version with its contributors, then the versions it follows, back to the first, iteratively. */
  const datasetNode = (dataset: DatasetArtifact): string => {
    if (dataset.entry === undefined) {
      addNode({ id: dataset.key, kind: "dataset", label: `${dataset.id}@${dataset.version}`, facts: { note: "not in this ledger" } });
      return dataset.key;
    }
    let later: string | undefined;
    for (let version: DatasetVersion | undefined = dataset.entry; version !== undefined; version = previousVersion(index, version)) {
      const id = datasetArtifact(version).key;
      const fresh = addNode({
        id,
        kind: "dataset",
        label: `${version.predicate.id}@${version.predicate.version}`,
        index: version.index,
        facts: {
          records: version.predicate.records,
          files: version.predicate.files,
          ...(version.predicate.license ? { license: version.predicate.license } : {}),
        },
      });
      if (later !== undefined) edges.push({ from: id, to: later, relation: "previous version" });
      if (!fresh) break;
      for (const contributor of version.predicate.contributors)
        addParty(contributor.identity, id, "contributed", plural(contributor.records, "record"));
      later = id;
    }
    return dataset.key;
  };

  const nodeOf = (found: Artifact): string => {
    switch (found.kind) {
      case "model":
        return modelNode(found);
      case "run":
        return runNode(found.run);
      case "external-model":
        return externalNode(found);
      case "dataset":
        return datasetNode(found);
    }
  };

  const codeNode = (uri: string, sha: string): string => {
    const id = `code:${uri}`;
    const commits = index.ancestorCommits(sha).filter((recorded) => isCodeCommit(recorded.commit));
    if (
      !addNode({
        id,
        kind: "code",
        label: `${uri.replace(/^git\+/, "").replace(/@[0-9a-f]+$/, "")}@${sha.slice(0, 7)}`,
        facts: { commits: commits.length },
      })
    )
      return id;
    const authored = new Map<string, { commits: number; lines: number }>();
    for (const { commit } of commits) {
      const people = [commit.author, ...commit.coAuthors].map((person) => party(preferredIdentity(person.identities)));
      for (const who of new Set(people)) {
        const tally = authored.get(who) ?? { commits: 0, lines: 0 };
        tally.commits++;
        tally.lines += commit.stats.insertions + commit.stats.deletions;
        authored.set(who, tally);
      }
    }
    for (const [who, tally] of [...authored].sort(([a], [b]) => (a < b ? -1 : 1))) {
      addParty(who, id, "authored", `${plural(tally.commits, "commit")}, ${plural(tally.lines, "changed line")}`);
    }
    return id;
  };

  /** An input edge: into the run for what the run's record names, else into the artifact whose record names it. */
  const inputEdges = (input: Input, to: string) => {
    const from = input.artifact.key;
    if (input.via !== "run") edges.push({ from, to, relation: input.relation ?? "base model", ...pinned(input) });
    else if (input.artifact.kind !== "dataset") edges.push({ from, to, relation: "fine-tuned from", ...pinned(input) });
    else
      for (const use of input.uses)
        edges.push({
          from,
          to,
          relation: "trained on",
          detail: `${plural(use.records, "record")} × ${plural(use.epochs, "epoch")} = ${plural(use.uses, "use")}`,
        });
  };

  const { visits } = walkAncestors(index, resolveRoot(index, artifact));
  // Two releases of one run share its node, so the run's inputs are drawn once.
  const runsDrawn = new Set<string>();
  for (const visit of visits) {
    const to = nodeOf(visit.artifact);
    const run = visit.artifact.kind === "run" || visit.artifact.kind === "model" ? visit.artifact.run : undefined;
    const drawRun = run !== undefined && !runsDrawn.has(run.id);
    if (run !== undefined) runsDrawn.add(run.id);
    for (const input of visit.inputs) {
      if (input.via !== "run") inputEdges(input, to);
      else if (drawRun) inputEdges(input, `run:${run?.id}`);
    }
  }
  return { root: visits[0]?.artifact.key as string, nodes: [...nodes.values()], edges };
}

/** The revision or version a reference pins, shown on its edge: the walk keeps one node per model. */
function pinned(input: Input): { detail?: string } {
  for (const ref of input.refs) {
    const parsed = parseModelRef(ref);
    const pin = parsed.kind === "hub" ? parsed.revision : parsed.version;
    if (pin !== undefined) return { detail: `${parsed.kind === "hub" ? "revision" : "version"} ${pin}` };
  }
  return {};
}

/** The version a dataset version follows. History runs back in time: a pointer to a later entry is not history. */
function previousVersion(index: AttributionIndex, version: DatasetVersion): DatasetVersion | undefined {
  const previous = version.predicate.previous;
  if (previous === undefined || previous.index >= version.index) return undefined;
  return index.datasets
    .get(version.predicate.id)
    ?.find((candidate) => candidate.index === previous.index && candidate.manifest === previous.manifest);
}

/** The edges into each node, in edge order. */
export function inputsOf(lineage: Lineage): Map<string, LineageEdge[]> {
  const inputs = new Map<string, LineageEdge[]>();
  for (const edge of lineage.edges) {
    const list = inputs.get(edge.to);
    if (list === undefined) inputs.set(edge.to, [edge]);
    else list.push(edge);
  }
  return inputs;
}

/** GitHub logins read better than numeric ids, and a noreply address gives both for the same person. */
function preferredIdentity(identities: readonly string[]): string {
  return identities.find((identity) => identity.startsWith("github:")) ?? (identities[0] as string);
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** The artifact a lineage starts from: ID or ID@VERSION, prefixed with model:, run: or dataset: when names collide. */
function resolveRoot(index: AttributionIndex, artifact: string): Artifact {
  const prefix = /^(model|run|dataset):/.exec(artifact)?.[1];
  const ref = readModelRef(prefix === undefined ? artifact : artifact.slice(prefix.length + 1));
  if (ref?.kind === "ledger") {
    if (prefix !== "run" && prefix !== "dataset" && index.releases.has(ref.id)) return releaseArtifact(index, index.release(ref.id));
    if (prefix !== "model" && prefix !== "dataset" && index.runs.has(ref.id)) return runArtifact(index.run(ref.id));
    if (prefix !== "model" && prefix !== "run" && index.datasets.has(ref.id)) return datasetArtifact(index.dataset(ref.id, ref.version));
  }
  throw new ShouldersError("UNKNOWN_ARTIFACT", `no model, run or dataset "${artifact}" in this ledger (see \`shoulders log\`)`);
}
