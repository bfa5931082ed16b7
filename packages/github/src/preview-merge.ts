import { existsSync } from "node:fs";
import { join, posix } from "node:path";
import {
  AttributionIndex,
  commitStatements,
  type GitDatasetVersion,
  gitDatasetVersions,
  predicateValidators,
  readAttribution,
  readAttributionConfig,
  remoteUrlOf,
} from "@shoulders/attribution";
import {
  admitPendingFiles,
  type ErrorCode,
  type LedgerEntry,
  layoutOf,
  pendingDigest,
  type ShouldersError,
  type SignerRegistry,
  type Statement,
} from "@shoulders/ledger";
import { addGitHubLogins } from "./commit-logins.js";
import { extractTree, mergeTree, showFile } from "./git-files.js";
import { ledgerPrefix } from "./ledger-paths.js";
import { emptySnapshot, type LineageSnapshot, lineageSnapshot } from "./lineage-snapshot.js";
import type { PendingPreview } from "./pending-preview.js";

export type PreviewMergeInput = {
  /** The top of a git repository that holds both commits (the base checkout; the head fetched as objects only). */
  repoDir: string;
  /** Where `.attribution/` sits in the work tree; only its position in the repository is used. */
  ledgerDir: string;
  base: string;
  head: string;
  /** An empty folder for the extracted trees. */
  workDir: string;
  logins?: ReadonlyMap<string, string>;
};

export type LedgerState = { snapshot: LineageSnapshot; index?: AttributionIndex };

export type PreviewMergeOutcome = {
  before: LedgerState;
  after: LedgerState;
  /** What the record action will add on merge. */
  recorded: {
    pending: number;
    /** The pending files the merge integrates, decoded, in the order the log takes them. */
    statements: PendingPreview[];
    /**
     * The pending files it leaves, and why (UNAPPROVED_SIGNER: they wait for a maintainer's approval), with what each
     * claims and who signed it first when the file held a statement.
     */
    rejected: { file: string; code: ErrorCode; message: string; statement?: Statement; author?: string }[];
    commits: number;
    datasets: GitDatasetVersion[];
  };
  /** Artifacts whose lineage changes, as buildLineage names them: dataset:ID@VERSION, model:ID. */
  changed: string[];
  notes: string[];
};

/**
 * What the ledger will say once a pull request is merged and the record action has run, computed WITHOUT running or
 * checking out anything from the pull request: its files are read from git's object store as data (regular files
 * only), the base ledger is verified, then the head's pending statements, its commits and the new versions of its
 * declared dataset folders are added the way recordPush adds them, as entries that are never signed or written.
 * This is what makes the lineage bot safe on `pull_request_target`.
 */
export async function previewMerge(input: PreviewMergeInput): Promise<PreviewMergeOutcome> {
  const prefix = ledgerPrefix(input.repoDir, input.ledgerDir);
  const attribution = posix.join(prefix, ".attribution");
  const notes: string[] = [];
  const beforeTop = join(input.workDir, "before");
  const afterTop = join(input.workDir, "after");
  const beforeLedger = join(beforeTop, prefix);
  const afterLedger = join(afterTop, prefix);

  await extractTree({ repoDir: input.repoDir, treeish: input.base, paths: [attribution], dest: beforeTop });
  const before = readLedger(beforeLedger);

  let tree = mergeTree(input.repoDir, input.base, input.head);
  if (tree === undefined) {
    tree = `${input.head}^{tree}`;
    notes.push("The pull request does not merge cleanly into its base, so this preview reads the files of its head as they are.");
  }
  const extracted = await extractTree({ repoDir: input.repoDir, treeish: tree, paths: [attribution], dest: afterTop });
  for (const skipped of extracted.skipped) notes.push(`${skipped.path} is ${skipped.reason}; it was not read.`);
  let config: ReturnType<typeof readAttributionConfig> = { datasets: [] };
  try {
    config = readAttributionConfig(afterLedger);
  } catch (error) {
    notes.push(`After merging, the record action will fail: ${(error as Error).message}`);
  }
  const datasetPaths = config.datasets.map((dataset) => posix.join(prefix, dataset.path));
  if (datasetPaths.length > 0) {
    const data = await extractTree({ repoDir: input.repoDir, treeish: tree, paths: datasetPaths, dest: afterTop });
    for (const skipped of data.skipped.slice(0, 10)) notes.push(`${skipped.path} is ${skipped.reason}; it was not read.`);
  }

  const start = startingLedger(input, before, afterLedger, attribution, notes);
  const empty = { before: { snapshot: before.snapshot, ...(before.index ? { index: before.index } : {}) } };
  if (start === undefined) {
    return {
      ...empty,
      after: { snapshot: emptySnapshot() },
      recorded: { pending: 0, statements: [], rejected: [], commits: 0, datasets: [] },
      changed: [],
      notes,
    };
  }

  // From here on, everything is what recordPush will append, as unsigned entries signed "by the log key".
  const logKey = start.registry.list().find((key) => key.isLogKey)?.keyid;
  const entries: LedgerEntry[] = [...start.entries];
  let next = start.treeSize;
  const add = (statement: Statement, signers: string[], author?: string) =>
    entries.push({ index: next++, statement, signers, ...(author === undefined ? {} : { author }), compromised: false });

  // As the record action integrates them, by the one rule: what no key the log knows signed stays pending until a
  // maintainer approves that exact file, and a statement the log already holds never enters again.
  const pendingFile = (name: string) => `${attribution}/pending/${name}`;
  const outcome = admitPendingFiles(layoutOf(afterLedger), start.registry, next, { predicates: predicateValidators() });
  const rejected = outcome.refused.map(({ name, statement, author, ...refused }) => ({
    file: pendingFile(name),
    code: refused.code,
    ...(statement === undefined ? {} : { statement }),
    ...(author === undefined ? {} : { author }),
    message:
      refused.code === "UNAPPROVED_SIGNER"
        ? `signed by no key this log knows: the merge leaves it pending until a maintainer approves exactly this file (shoulders integrate --approve ${pendingDigest(name)})`
        : refused.message,
  }));
  const statements: PendingPreview[] = outcome.admitted.map((admitted) => {
    add(admitted.statement, admitted.signers, admitted.author);
    const identity = start.registry.get(admitted.author)?.identity;
    return {
      file: pendingFile(admitted.name),
      digest: pendingDigest(admitted.name),
      index: admitted.index,
      statement: admitted.statement,
      author: admitted.author,
      ...(identity === undefined ? {} : { authorIdentity: identity }),
    };
  });
  const pending = statements.length;

  const withPending = new AttributionIndex(entries, start.registry);
  const signers = logKey === undefined ? [] : [logKey];
  const built = await commitStatements({
    repoDir: input.repoDir,
    range: `${input.base}..${input.head}`,
    origin: start.origin,
    recorded: new Set(withPending.commits.keys()),
  });
  if (input.logins !== undefined) addGitHubLogins(built.statements, input.logins);
  for (const statement of built.statements) add(statement, signers);

  const datasets = await gitDatasetVersions({
    repoDir: input.repoDir,
    filesDir: afterTop,
    head: input.head,
    tree,
    fallbackBase: input.base,
    repository: remoteUrlOf(input.repoDir) ?? start.origin,
    config: { ...config, datasets: config.datasets.map((dataset) => ({ ...dataset, path: posix.join(prefix, dataset.path) })) },
    index: new AttributionIndex(entries, start.registry),
    ...(input.logins === undefined ? {} : { logins: input.logins }),
  });
  const changed: string[] = [];
  for (const dataset of datasets) {
    if (dataset.kind === "missing")
      notes.push(`The dataset folder ${dataset.dataset.path} declared for ${dataset.dataset.id} does not exist.`);
    if (dataset.kind !== "new") continue;
    add(dataset.outcome.statement, signers);
    changed.push(`dataset:${dataset.dataset.id}@${dataset.outcome.predicate.version}`);
  }

  const index = new AttributionIndex(entries, start.registry);
  const snapshot = lineageSnapshot(index, { origin: start.origin, treeSize: next });
  for (const model of snapshot.models) {
    const old = before.snapshot.models.find((candidate) => candidate.id === model.id);
    if (old === undefined || old.index !== model.index) changed.push(`model:${model.id}`);
  }
  return {
    ...empty,
    after: { snapshot, index },
    recorded: { pending, statements, rejected, commits: built.commits, datasets },
    changed,
    notes,
  };
}

type ReadLedger = {
  snapshot: LineageSnapshot;
  index?: AttributionIndex;
  entries: LedgerEntry[];
  registry?: SignerRegistry;
  treeSize: number;
  origin?: string;
};

function readLedger(dir: string): ReadLedger {
  if (!existsSync(layoutOf(dir).trust)) return { snapshot: emptySnapshot(), entries: [], treeSize: 0 };
  const read = readAttribution({ dir });
  return {
    snapshot: lineageSnapshot(read.index, { origin: read.origin, treeSize: read.treeSize }),
    index: read.index,
    entries: read.entries,
    registry: read.registry,
    treeSize: read.treeSize,
    origin: read.origin,
  };
}

/**
 * The ledger the merge starts from: the head's own, if it verifies against the base's pinned root and checkpoint
 * (a pull request may append entries); otherwise the base's, with a note (the verify check reports why).
 */
function startingLedger(
  input: PreviewMergeInput,
  before: ReadLedger,
  afterLedger: string,
  attribution: string,
  notes: string[],
): { entries: LedgerEntry[]; registry: SignerRegistry; treeSize: number; origin: string } | undefined {
  const afterHasLedger = existsSync(layoutOf(afterLedger).trust);
  if (before.registry === undefined && !afterHasLedger) {
    notes.push(`There is no ledger (${attribution}/) on the base branch or in this pull request, so merging records nothing.`);
    return undefined;
  }
  if (afterHasLedger) {
    const trust = showFile(input.repoDir, input.base, `${attribution}/trust.json`);
    const checkpoint = showFile(input.repoDir, input.base, `${attribution}/checkpoint`);
    try {
      const read = readAttribution({
        dir: afterLedger,
        ...(trust === undefined ? {} : { trust }),
        ...(trust === undefined || checkpoint === undefined ? {} : { trustedCheckpoint: checkpoint }),
      });
      return { entries: read.entries, registry: read.registry, treeSize: read.treeSize, origin: read.origin };
    } catch (error) {
      if (before.registry === undefined) throw error;
      const code = (error as ShouldersError).code ?? "INVALID";
      notes.push(
        `The pull request's ledger does not verify against the base branch's (${code}: ${(error as Error).message}); this preview starts from the base ledger.`,
      );
    }
  }
  return {
    entries: before.entries,
    registry: before.registry as SignerRegistry,
    treeSize: before.treeSize,
    origin: before.origin as string,
  };
}
