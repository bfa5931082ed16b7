import { ShouldersError } from "@shoulders/ledger";
import type { AttributionIndex, DatasetVersion, Release, Run } from "../attribution-index.js";

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

/** Largest lineage walked before refusing, so a hostile ledger cannot make a reader run forever. */
const MAX_NODES = 100_000;

/**
 * Every ancestor and contributor of an artifact: a model release, a run or a dataset (ID or ID@VERSION). The walk is
 * depth-first with a path set, so a cycle (a model that is its own ancestor) is an error and not an endless loop.
 */
export function buildLineage(index: AttributionIndex, artifact: string): Lineage {
  const nodes = new Map<string, LineageNode>();
  const edges: LineageEdge[] = [];
  // Inputs are expanded from a queue, not by recursion, so a lineage thousands of versions deep cannot overflow the
  // stack; cycles are found afterwards, on the finished graph.
  const queue: (() => void)[] = [];
  const party = (identity: string) => index.registry?.party(identity) ?? identity;

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

  const modelRef = (ref: string): string => {
    const id = ref.startsWith("hf:") ? ref : (ref.split("@")[0] as string);
    if (!ref.startsWith("hf:") && index.releases.has(id)) return releaseNode(index.release(id));
    const nodeId = `external:${id}`;
    const hub = index.hubModel(id);
    const fresh = addNode({
      id: nodeId,
      kind: "external-model",
      label: id,
      ...(hub === undefined ? {} : { index: hub.index }),
      facts:
        hub === undefined
          ? {}
          : { revision: hub.predicate.revision.slice(0, 12), ...(hub.predicate.license ? { license: hub.predicate.license } : {}) },
    });
    // A Hub model recorded with `shoulders hf model` carries its own base_model chain: follow it past the ledger.
    if (fresh && hub !== undefined) {
      queue.push(() => {
        for (const base of hub.predicate.baseModels)
          edges.push({ from: modelRef(base), to: nodeId, relation: hub.predicate.relation ?? "base model" });
      });
    }
    return nodeId;
  };

  const releaseNode = (release: Release): string => {
    const id = `model:${release.predicate.id}`;
    const fresh = addNode({
      id,
      kind: "model",
      label: release.predicate.version === undefined ? release.predicate.id : `${release.predicate.id} ${release.predicate.version}`,
      index: release.index,
      facts: {
        license: release.predicate.license,
        files: release.predicate.files,
        ...(release.predicate.relation ? { relation: release.predicate.relation } : {}),
      },
    });
    if (!fresh) return id;
    queue.push(() => {
      const run = release.predicate.run === undefined ? undefined : index.runs.get(release.predicate.run.id);
      if (run !== undefined) edges.push({ from: runNode(run), to: id, relation: "produced" });
      const runBases = new Set(run?.predicate.buildDefinition.externalParameters.baseModels ?? []);
      for (const ref of release.predicate.baseModels) {
        if (!runBases.has(ref)) edges.push({ from: modelRef(ref), to: id, relation: release.predicate.relation ?? "base model" });
      }
    });
    return id;
  };

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
    queue.push(() => {
      const { externalParameters, internalParameters, resolvedDependencies } = run.predicate.buildDefinition;
      if (internalParameters?.trainer !== undefined) addParty(internalParameters.trainer, id, "trained");
      for (const ref of externalParameters.baseModels) edges.push({ from: modelRef(ref), to: id, relation: "fine-tuned from" });
      for (const use of externalParameters.datasets) {
        const version = index.datasets.get(use.id)?.find((candidate) => candidate.index === use.index);
        const from = version === undefined ? missingDataset(use.id, use.version) : datasetNode(version);
        edges.push({
          from,
          to: id,
          relation: "trained on",
          detail: `${plural(use.records, "record")} × ${plural(use.epochs, "epoch")} = ${plural(use.uses, "use")}`,
        });
      }
      const code = resolvedDependencies.find((dependency) => dependency.name === "code");
      const sha = code?.digest?.gitCommit;
      if (code?.uri !== undefined && sha !== undefined) edges.push({ from: codeNode(code.uri, sha), to: id, relation: "code" });
    });
    return id;
  };

  const missingDataset = (datasetId: string, version: string): string => {
    const id = `dataset:${datasetId}@${version}`;
    addNode({ id, kind: "dataset", label: `${datasetId}@${version}`, facts: { note: "not in this ledger" } });
    return id;
  };

  const datasetNode = (version: DatasetVersion): string => {
    const id = `dataset:${version.predicate.id}@${version.predicate.version}`;
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
    if (!fresh) return id;
    queue.push(() => {
      for (const contributor of version.predicate.contributors)
        addParty(contributor.identity, id, "contributed", plural(contributor.records, "record"));
      const previous = version.predicate.previous;
      const before =
        previous === undefined
          ? undefined
          : index.datasets.get(version.predicate.id)?.find((candidate) => candidate.index === previous.index);
      if (before !== undefined) edges.push({ from: datasetNode(before), to: id, relation: "previous version" });
    });
    return id;
  };

  const codeNode = (uri: string, sha: string): string => {
    const id = `code:${uri}`;
    const commits = index.ancestorCommits(sha).filter((recorded) => recorded.commit.ledgerOnly !== true);
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

  const root = resolveRoot(index, artifact, { releaseNode, runNode, datasetNode });
  for (let next = 0; next < queue.length; next++) (queue[next] as () => void)();
  const lineage = { root, nodes: [...nodes.values()], edges };
  assertAcyclic(lineage, artifact);
  return lineage;
}

/** Kahn's algorithm: a node that never becomes free of inputs sits on a cycle (a model that is its own ancestor). */
function assertAcyclic(lineage: Lineage, artifact: string): void {
  const inputs = new Map<string, number>(lineage.nodes.map((node) => [node.id, 0]));
  const outputs = new Map<string, string[]>();
  for (const edge of lineage.edges) {
    inputs.set(edge.to, (inputs.get(edge.to) ?? 0) + 1);
    const list = outputs.get(edge.from);
    if (list === undefined) outputs.set(edge.from, [edge.to]);
    else list.push(edge.to);
  }
  const free = [...inputs].filter(([, count]) => count === 0).map(([id]) => id);
  let seen = 0;
  for (let id = free.pop(); id !== undefined; id = free.pop()) {
    seen++;
    for (const to of outputs.get(id) ?? []) {
      const left = (inputs.get(to) as number) - 1;
      inputs.set(to, left);
      if (left === 0) free.push(to);
    }
  }
  if (seen !== lineage.nodes.length) {
    const stuck = [...inputs].find(([, count]) => count > 0)?.[0];
    throw new ShouldersError(
      "LINEAGE_CYCLE",
      `the lineage of ${artifact} has a cycle through ${stuck?.replace(/^\w+:/, "") ?? "an artifact"}`,
    );
  }
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

function resolveRoot(
  index: AttributionIndex,
  artifact: string,
  build: { releaseNode: (r: Release) => string; runNode: (r: Run) => string; datasetNode: (d: DatasetVersion) => string },
): string {
  const [id, version] = artifact.replace(/^(?:model|run|dataset):/, "").split("@") as [string, string | undefined];
  if (!artifact.startsWith("run:") && !artifact.startsWith("dataset:") && index.releases.has(id))
    return build.releaseNode(index.release(id));
  if (!artifact.startsWith("model:") && !artifact.startsWith("dataset:") && index.runs.has(id)) return build.runNode(index.run(id));
  if (!artifact.startsWith("model:") && !artifact.startsWith("run:") && index.datasets.has(id))
    return build.datasetNode(index.dataset(id, version));
  throw new ShouldersError("UNKNOWN_ARTIFACT", `no model, run or dataset "${artifact}" in this ledger (see \`shoulders log\`)`);
}
