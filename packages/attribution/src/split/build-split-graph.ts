import { isIdentity } from "@shoulders/ledger";
import type { AttributionIndex, DatasetVersion, Release } from "../attribution-index.js";
import { plural } from "../lineage/build-lineage.js";
import { PPM, type SplitPolicy } from "../predicates/index.js";
import { defaultPolicy, percent } from "./default-policy.js";
import type { Branch, SplitGraph, SplitNode } from "./split-graph.js";

export type SplitGraphOptions = {
  /** Who receives what no contributor can claim: the ledger's owner, e.g. ci:acme/sentiment. */
  owner: string;
};

/**
 * Turns the lineage of a released model into a split graph. A model's income divides between its own contributors
 * (the trainer of its run, the authors of the code commits up to the run's code revision) and its inputs (dataset
 * versions by the uses of their records, base models by declared weight), as its policy says. Datasets pay their
 * contributors by records; a base model released in this ledger splits what it receives by its own policy; an
 * external Hub model pays its organisation.
 */
export function buildSplitGraph(index: AttributionIndex, artifact: string, options: SplitGraphOptions): SplitGraph {
  const nodes = new Map<string, SplitNode>();
  // Base models are built from a queue, not by recursion: a lineage 10,000 fine-tunes deep must not overflow the stack.
  const queue: Release[] = [];
  const party = (identity: string) => (identity === "log" ? options.owner : (index.registry?.party(identity) ?? identity));

  const artifactNode = (release: Release): string => {
    const id = `model:${release.predicate.id}`;
    if (nodes.has(id)) return id;
    const node: SplitNode = { id, label: release.predicate.id, branches: [] };
    nodes.set(id, node);
    const policy = index.policies.get(release.predicate.id)?.predicate ?? defaultPolicy(release.predicate.id);
    const run = release.predicate.run === undefined ? undefined : index.runs.get(release.predicate.run.id);
    const parameters = run?.predicate.buildDefinition.externalParameters;

    const own: Branch[] = [];
    const trainer = run?.predicate.buildDefinition.internalParameters?.trainer;
    const authors = run === undefined ? [] : codeAuthors(run.predicate.buildDefinition.resolvedDependencies, policy);
    const trainerShare = authors.length === 0 ? PPM : policy.own.trainer;
    const codeShare = trainer === undefined ? PPM : policy.own.code;
    if (trainer !== undefined && trainerShare > 0)
      own.push({
        key: "0-trainer",
        label: `trainer ${percent(trainerShare)}`,
        weight: BigInt(trainerShare),
        target: { party: party(trainer) },
      });
    if (authors.length > 0 && codeShare > 0)
      own.push({
        key: "1-code",
        label: `code authors ${percent(codeShare)} (by ${policy.own.codeWeighting})`,
        weight: BigInt(codeShare),
        branches: authors,
      });

    const upstream: Branch[] = [];
    const datasets = (parameters?.datasets ?? []).flatMap((use): Branch[] => {
      const version = index.datasets.get(use.id)?.find((candidate) => candidate.index === use.index);
      if (version === undefined) return [];
      const weight = BigInt(use.uses);
      return [
        {
          key: `dataset:${use.id}@${use.version}`,
          label: `${use.id}@${use.version}: ${use.records} records × ${use.epochs} epochs = ${use.uses} uses`,
          weight,
          target: { node: datasetNode(version) },
        },
      ];
    });
    const weights = policy.inputs.baseModelWeights ?? {};
    const bases = [...new Set([...(parameters?.baseModels ?? []), ...release.predicate.baseModels])].map((ref): Branch => {
      // Own keys only: a base model named "constructor" or "toString" must not weigh Object.prototype's function.
      const weight = BigInt(Object.hasOwn(weights, ref) ? (weights[ref] as number) : 1);
      return { key: `base:${ref}`, label: `base model ${ref}`, weight, target: { node: baseModelNode(ref) } };
    });
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
      node.branches.push({
        key: "0-own",
        label: `own contributors ${percent(PPM - upstreamShare)}`,
        weight: BigInt(PPM - upstreamShare),
        branches: own,
      });
    if (upstream.length > 0)
      node.branches.push({
        key: "1-upstream",
        label: `upstream ${percent(upstreamShare)}`,
        weight: BigInt(upstreamShare),
        branches: upstream,
      });
    if (node.branches.length === 0)
      node.branches.push({
        key: "owner",
        label: "no recorded contributors: the ledger's owner",
        weight: 1n,
        target: { party: options.owner },
      });
    return id;
  };

  const codeAuthors = (
    dependencies: readonly { name?: string | undefined; digest?: Record<string, string> | undefined }[],
    policy: SplitPolicy,
  ): Branch[] => {
    const sha = dependencies.find((dependency) => dependency.name === "code")?.digest?.gitCommit;
    if (sha === undefined) return [];
    const tallies = new Map<string, { commits: number; lines: number }>();
    for (const { commit } of index.ancestorCommits(sha)) {
      if (commit.ledgerOnly) continue;
      const people = new Set([commit.author, ...commit.coAuthors].map((person) => party(preferred(person.identities))));
      for (const who of people) {
        const tally = tallies.get(who) ?? { commits: 0, lines: 0 };
        tally.commits++;
        tally.lines += commit.stats.insertions + commit.stats.deletions;
        tallies.set(who, tally);
      }
    }
    const declared = policy.own.codeWeighting === "declared" ? Object.entries(policy.own.declared ?? {}) : [];
    if (declared.length > 0) {
      return mergeParties(
        declared.map(([identity, weight]) => ({
          key: party(identity),
          label: `${party(identity)}: declared weight ${weight}`,
          weight: BigInt(weight),
          target: { party: party(identity) },
        })),
      );
    }
    const byLines = policy.own.codeWeighting === "lines";
    return evenIfZero(
      mergeParties(
        [...tallies].map(([who, tally]) => ({
          key: who,
          label: byLines ? `${who}: ${plural(tally.lines, "changed line")}` : `${who}: ${plural(tally.commits, "commit")}`,
          weight: BigInt(byLines ? tally.lines : tally.commits),
          target: { party: who },
        })),
      ),
    );
  };

  const datasetNode = (version: DatasetVersion): string => {
    const id = `dataset:${version.predicate.id}@${version.predicate.version}`;
    if (nodes.has(id)) return id;
    const total = version.predicate.records;
    const credited = version.predicate.contributors.reduce((sum, contributor) => sum + contributor.records, 0);
    const branches: Branch[] = version.predicate.contributors.map((contributor) => ({
      key: party(contributor.identity),
      label: `${party(contributor.identity)}: ${contributor.records} of ${Math.max(total, credited)} records`,
      weight: BigInt(contributor.records),
      target: { party: party(contributor.identity) },
    }));
    if (total > credited || branches.length === 0) {
      const recorder = party(index.entryIdentity(version.signers));
      branches.push({
        key: `~uncredited`,
        label: `${Math.max(total - credited, 0)} records credited to nobody: the recorder, ${recorder}`,
        weight: BigInt(Math.max(total - credited, branches.length === 0 ? 1 : 0)),
        target: { party: recorder },
      });
    }
    nodes.set(id, { id, label: `${version.predicate.id}@${version.predicate.version}`, branches: mergeParties(branches) });
    return id;
  };

  const baseModelNode = (ref: string): string => {
    const plain = ref.startsWith("hf:") ? undefined : (ref.split("@")[0] as string);
    if (plain !== undefined && index.releases.has(plain)) {
      queue.push(index.release(plain));
      return `model:${plain}`;
    }
    const id = `external:${ref}`;
    if (!nodes.has(id)) {
      const organisation = ref.replace(/^hf:/, "").split("/")[0]?.toLowerCase() ?? "";
      const payee = isIdentity(`hf:${organisation}`) ? `hf:${organisation}` : options.owner;
      nodes.set(id, {
        id,
        label: ref,
        branches: [{ key: payee, label: `the authors of ${ref}, as ${payee}`, weight: 1n, target: { party: payee } }],
      });
    }
    return id;
  };

  const root = artifactNode(index.release(artifact));
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) artifactNode(next);
  return { root, nodes };
}

/** GitHub logins read better than numeric ids; a noreply address gives both for one person. */
function preferred(identities: readonly string[]): string {
  return identities.find((identity) => identity.startsWith("github:")) ?? (identities[0] as string);
}

/** When every weight is zero (e.g. datasets of 0 records), split evenly rather than lose the share. */
function evenIfZero(branches: Branch[]): Branch[] {
  return branches.every((branch) => branch.weight === 0n) ? branches.map((branch) => ({ ...branch, weight: 1n })) : branches;
}

/** Linked identities resolve to one party; their branches merge, so each party appears once per node. */
function mergeParties(branches: Branch[]): Branch[] {
  const merged = new Map<string, Branch>();
  for (const branch of branches) {
    const existing = merged.get(branch.key);
    merged.set(branch.key, existing === undefined ? branch : { ...existing, weight: existing.weight + branch.weight });
  }
  return [...merged.values()];
}
