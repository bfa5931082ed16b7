import { isIdentity } from "@shoulders/ledger";
import type { AttributionIndex } from "../attribution-index.js";
import { partyNames } from "../identity/party-names.js";
import {
  type ExternalArtifact,
  type ModelArtifact,
  type ReleaseOf,
  releaseArtifact,
  type Visit,
  walkAncestors,
} from "../lineage/ancestors.js";
import { PPM, type SplitPolicy } from "../predicates/index.js";
import { codeAuthors } from "./code-authors.js";
import { datasetNode } from "./dataset-node.js";
import { defaultPolicy, percent } from "./default-policy.js";
import { policyInForce, type SplitMoment } from "./policy-in-force.js";
import { releaseInForce } from "./release-in-force.js";
import type { Branch, SplitGraph, SplitNode } from "./split-graph.js";

export type SplitGraphOptions = {
  /** Who receives what no contributor can claim: the ledger's owner, e.g. ci:acme/sentiment. */
  owner: string;
  /** Which policy splits each model, and which release its lineage follows: those in force at a receipt, or the latest. */
  moment?: SplitMoment;
};

/** What every node needs: the index, the ledger's owner, and the party an identity pays (linked identities as one). */
type Context = { index: AttributionIndex; owner: string; party: (identity: string) => string; moment: SplitMoment };

/**
 * Turns the lineage of a released model into a split graph, one node per artifact that walkAncestors reaches. A
 * model's income divides between its own contributors (the trainer of its run, the authors of the code commits up to
 * the run's code revision) and its inputs (dataset versions by the uses of their records, base models by declared
 * weight), as its policy says. Datasets pay their contributors by records; a base model released in this ledger splits
 * what it receives by its own policy; an external Hub model pays its organisation, and passes the default upstream
 * share to the base models its card names when `shoulders hf model` recorded them. What no one can claim (a dataset
 * version or a ledger model this ledger does not hold) goes to the ledger's owner. At a receipt, every model is the
 * release in force for it (release-in-force.ts); the artifact itself, when the receipt precedes all its releases (only
 * a hand-made log can hold one), is its first release, which nothing recorded later can change.
 */
export function buildSplitGraph(index: AttributionIndex, artifact: string, options: SplitGraphOptions): SplitGraph {
  const moment = options.moment ?? "latest";
  const context: Context = { index, owner: options.owner, moment, party: partyNames(index, options.owner) };
  const releases = new Map<string, number | null>();
  const releaseOf: ReleaseOf = (id) => {
    const release = releaseInForce(index, id, moment);
    releases.set(id, release?.index ?? null);
    return release;
  };
  const nodes = new Map<string, SplitNode>();
  const root = releaseArtifact(index, releaseOf(artifact) ?? index.releases.get(artifact)?.[0] ?? index.release(artifact));
  for (const visit of walkAncestors(index, root, releaseOf).visits) {
    const node = splitNode(context, visit);
    if (node !== undefined) nodes.set(node.id, node);
  }
  return { root: root.key, nodes, releases };
}

function splitNode(context: Context, visit: Visit): SplitNode | undefined {
  const found = visit.artifact;
  if (found.kind === "model") return modelNode(context, visit, found);
  if (found.kind === "dataset") return datasetNode(context, found);
  if (found.kind === "external-model") return externalNode(context, visit, found);
  return undefined;
}

function modelNode(context: Context, visit: Visit, model: ModelArtifact): SplitNode {
  const chosen = policyInForce(context.index, model.id, context.moment);
  const policy = chosen?.predicate ?? defaultPolicy(model.id);
  const own = ownBranches(context, model, policy);
  const { datasets, bases } = inputBranches(visit, policy);
  const branches = shares(policy, own, datasets, bases);
  if (branches.length === 0)
    branches.push({
      key: "owner",
      label: "no recorded contributors: the ledger's owner",
      weight: 1n,
      target: { party: context.owner },
    });
  return {
    id: model.key,
    label: model.id,
    branches,
    policy: { artifact: model.id, entry: chosen?.index ?? null },
    ...(model.release === undefined ? {} : { release: { artifact: model.id, entry: model.release.index } }),
  };
}

/** A model's own contributors: the trainer of its run and the authors of its code, as the policy shares them. */
function ownBranches(context: Context, model: ModelArtifact, policy: SplitPolicy): Branch[] {
  const run = model.run;
  const own: Branch[] = [];
  const trainer = run?.predicate.buildDefinition.internalParameters?.trainer;
  const authors = run === undefined ? [] : evenIfZero(codeAuthors(context, run.predicate.buildDefinition.resolvedDependencies, policy));
  const trainerShare = authors.length === 0 ? PPM : policy.own.trainer;
  const codeShare = trainer === undefined ? PPM : policy.own.code;
  if (trainer !== undefined && trainerShare > 0)
    own.push({
      key: "0-trainer",
      label: `trainer ${percent(trainerShare)}`,
      weight: BigInt(trainerShare),
      target: { party: context.party(trainer) },
    });
  if (authors.length > 0 && codeShare > 0)
    own.push({
      key: "1-code",
      label: `code authors ${percent(codeShare)} (by ${policy.own.codeWeighting})`,
      weight: BigInt(codeShare),
      branches: authors,
    });
  return own;
}

function externalNode(context: Context, visit: Visit, model: ExternalArtifact): SplitNode {
  // A Hub model pays its organisation; a ledger id that nothing here releases is a claim nobody can make.
  const organisation = model.ref.kind === "hub" ? `hf:${(model.ref.repo.split("/")[0] as string).toLowerCase()}` : undefined;
  const payee = organisation !== undefined && isIdentity(organisation) ? organisation : context.owner;
  const authors: Branch = { key: payee, label: `the authors of ${model.id}, as ${payee}`, weight: 1n, target: { party: payee } };
  if (visit.inputs.length === 0) return { id: model.key, label: model.id, branches: [authors] };
  const policy = defaultPolicy(model.id);
  const { datasets, bases } = inputBranches(visit, policy);
  return { id: model.key, label: model.id, branches: shares(policy, [authors], datasets, bases) };
}

/** The datasets and base models of an artifact, as branches weighted by uses and by the policy's base weights. */
function inputBranches(visit: Visit, policy: SplitPolicy): { datasets: Branch[]; bases: Branch[] } {
  const weights = policy.inputs.baseModelWeights ?? {};
  const datasets: Branch[] = [];
  const bases: Branch[] = [];
  for (const input of visit.inputs) {
    const target = { node: input.artifact.key };
    if (input.artifact.kind === "dataset") {
      const { id, version } = input.artifact;
      // A version a run names twice is one input: its uses add up, so its share is neither lost nor paid twice.
      const uses = input.uses.map((use) => `${use.records} records × ${use.epochs} epochs = ${use.uses} uses`).join(" + ");
      const weight = input.uses.reduce((sum, use) => sum + BigInt(use.uses), 0n);
      datasets.push({ key: input.artifact.key, label: `${id}@${version}: ${uses}`, weight, target });
    } else {
      // Own keys only: a base model named "constructor" or "toString" must not weigh Object.prototype's function.
      const named = [...input.refs, input.artifact.id].find((ref) => Object.hasOwn(weights, ref));
      const weight = BigInt(named === undefined ? 1 : (weights[named] as number));
      bases.push({ key: `base:${input.artifact.id}`, label: `base model ${input.artifact.id}`, weight, target });
    }
  }
  return { datasets, bases };
}

/** A node's branches: own contributors, then upstream (datasets, base models), as the policy shares them. */
function shares(policy: SplitPolicy, own: Branch[], datasets: Branch[], bases: Branch[]): Branch[] {
  const branches: Branch[] = [];
  const upstream: Branch[] = [];
  const datasetsShare = bases.length === 0 ? PPM : policy.inputs.datasets;
  const basesShare = datasets.length === 0 ? PPM : policy.inputs.baseModels;
  if (datasets.length > 0 && datasetsShare > 0)
    upstream.push({
      key: "0-datasets",
      label: `datasets ${percent(datasetsShare)}`,
      weight: BigInt(datasetsShare),
      branches: evenIfZero(datasets),
    });
  if (bases.length > 0 && basesShare > 0)
    upstream.push({
      key: "1-bases",
      label: `base models ${percent(basesShare)}`,
      weight: BigInt(basesShare),
      branches: evenIfZero(bases),
    });
  const upstreamShare = own.length === 0 ? PPM : upstream.length === 0 ? 0 : policy.upstream;
  if (own.length > 0)
    branches.push({
      key: "0-own",
      label: `own contributors ${percent(PPM - upstreamShare)}`,
      weight: BigInt(PPM - upstreamShare),
      branches: own,
    });
  if (upstream.length > 0)
    branches.push({
      key: "1-upstream",
      label: `upstream ${percent(upstreamShare)}`,
      weight: BigInt(upstreamShare),
      branches: upstream,
    });
  return branches;
}

/** When every weight is zero (e.g. datasets of 0 records), split evenly rather than lose the share. */
function evenIfZero(branches: Branch[]): Branch[] {
  return branches.every((branch) => branch.weight === 0n) ? branches.map((branch) => ({ ...branch, weight: 1n })) : branches;
}
