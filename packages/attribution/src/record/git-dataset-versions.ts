import { join } from "node:path";
import type { AttributionIndex, DatasetVersion } from "../attribution-index.js";
import { queryGit } from "../git/run-git.js";
import { assertNoLinkBelow, type SkippedEntry } from "../hash/index.js";
import type { IdentityOptions } from "../identity/index.js";
import { type DatasetOutcome, datasetStatement } from "./dataset.js";
import type { AttributionConfig, DatasetConfig } from "./git-dataset-config.js";
import { type GitContribution, gitDatasetContributions } from "./git-dataset-contributions.js";

export type GitDatasetVersionsInput = {
  /** The git repository: its history is walked for contributions. */
  repoDir: string;
  /** Where the tree being recorded sits on disk. Default: repoDir (a checkout of `tree`). */
  filesDir?: string;
  /** The commit whose history is credited, and which the new version names as its source revision. */
  head: string;
  /** The tree on disk (a commit or tree id); default `head`. A pull request preview passes the merge result here. */
  tree?: string;
  /** Walked from when the previous version names no revision of this repository (the push's base). */
  fallbackBase?: string;
  /** Recorded as the versions' source, `git+<repository>`: the same canonical name commit statements use. */
  repository: string;
  config: AttributionConfig;
  index: AttributionIndex;
  logins?: ReadonlyMap<string, string>;
  cachePath?: string;
} & IdentityOptions;

export type GitDatasetVersion =
  | { dataset: DatasetConfig; kind: "missing" }
  | { dataset: DatasetConfig; kind: "unchanged"; existing: DatasetVersion; skipped: SkippedEntry[] }
  | {
      dataset: DatasetConfig;
      kind: "new";
      outcome: Extract<DatasetOutcome, { kind: "new" }>;
      /** What the folder holds that the version does not: links, special files, names a manifest cannot hold. */
      skipped: SkippedEntry[];
      /** The commits walked, and what each identity added over them. */
      range: string | undefined;
      added: GitContribution[];
    };

/**
 * The dataset versions a push records, for every folder declared in `.attribution/config.yaml`. A folder that
 * changed since its latest version gets a new version whose contributors are the WHOLE version's: the previous
 * version's contributors carried over, plus what each author added since (see gitDatasetContributions). So v2 credits
 * everyone whose rows are in v2, and recording the same tree twice records nothing (the manifest is unchanged).
 *
 * Where the walk starts: the previous version's source revision (each version records the commit it was taken at),
 * so a push that failed to record is caught up by the next one; with no previous version, the whole history of the
 * folder; with a previous version from elsewhere (the CLI), the push's base, or nobody new when there is none.
 */
export async function gitDatasetVersions(input: GitDatasetVersionsInput): Promise<GitDatasetVersion[]> {
  const results: GitDatasetVersion[] = [];
  const source = `git+${input.repository}`;
  const tree = input.tree ?? input.head;
  for (const dataset of input.config.datasets) {
    const top = input.filesDir ?? input.repoDir;
    if (!isFolder(top, dataset.path)) {
      results.push({ dataset, kind: "missing" });
      continue;
    }
    const folder = join(top, dataset.path);
    const previous = input.index.datasets.get(dataset.id)?.at(-1);
    const since = previous?.predicate.source?.uri === source ? previous.predicate.source.revision : undefined;
    const sinceKnown = since !== undefined && isCommit(input.repoDir, since);
    // Cheap answer first: git already knows whether the folder changed since the version's commit, without hashing.
    if (previous !== undefined && sinceKnown && unchangedSince(input.repoDir, since, tree, dataset.path)) {
      results.push({ dataset, kind: "unchanged", existing: previous, skipped: [] });
      continue;
    }
    const range = sinceKnown
      ? `${since}..${input.head}`
      : previous === undefined
        ? input.head
        : input.fallbackBase === undefined
          ? undefined
          : `${input.fallbackBase}..${input.head}`;
    const added =
      range === undefined
        ? []
        : await gitDatasetContributions({
            repoDir: input.repoDir,
            range,
            path: dataset.path,
            format: dataset.format,
            ...(input.logins === undefined ? {} : { logins: input.logins }),
            ...(input.hashEmails === undefined ? {} : { hashEmails: input.hashEmails }),
          });
    const contributors = [
      ...(previous?.predicate.contributors ?? []).map(({ identity, records }) => ({ identity, records })),
      ...added.map(({ identity, records }) => ({ identity, records })),
    ];
    const outcome = await datasetStatement({
      dir: folder,
      id: dataset.id,
      license: dataset.license,
      contributors,
      source: { uri: source, revision: input.head },
      index: input.index,
      // git stores a link as a link: its target is no row of the dataset (gitDatasetContributions counts none), and
      // the pull request preview, which extracts regular files only, must see the same manifest.
      followSymlinks: false,
      ...(input.cachePath === undefined ? {} : { cachePath: input.cachePath }),
    });
    if (outcome.kind === "unchanged") results.push({ dataset, kind: "unchanged", existing: outcome.existing, skipped: outcome.skipped });
    else results.push({ dataset, kind: "new", outcome, range, added, skipped: outcome.skipped });
  }
  return results;
}

/**
 * Whether the declared folder is a folder, every component of its path checked without following links: a dataset
 * root committed as a link to a folder outside the repository (the runner's home, /etc) would otherwise have its
 * files' names and digests published in the ledger. A link anywhere on the way is UNSAFE_PATH, not "missing": the
 * config says to record that folder, and recording nothing would look like success.
 */
function isFolder(top: string, path: string): boolean {
  return assertNoLinkBelow(top, path, "the dataset folder", "declare the folder itself");
}

function isCommit(repoDir: string, revision: string): boolean {
  if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(revision)) return false;
  return queryGit(repoDir, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${revision}^{commit}`]) !== undefined;
}

function unchangedSince(repoDir: string, since: string, tree: string, path: string): boolean {
  // `diff --quiet` exits 1 when something differs, which queryGit reports as undefined.
  return queryGit(repoDir, ["diff", "--quiet", "--no-ext-diff", "--no-textconv", since, tree, "--", `:(literal)${path}`]) !== undefined;
}
