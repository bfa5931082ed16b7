import { join } from "node:path";
import type { AttributionIndex, DatasetVersion } from "../attribution-index.js";
import { queryGit, runGit } from "../git/run-git.js";
import { assertNoLinkBelow, type SkippedEntry } from "../hash/index.js";
import type { IdentityOptions } from "../identity/index.js";
import { type DatasetOutcome, datasetStatement } from "./dataset.js";
import type { AttributionConfig, DatasetConfig } from "./git-dataset-config.js";
import { creditByAdders, type GitContribution, gitRecordAdders } from "./git-dataset-contributions.js";

export type GitDatasetVersionsInput = {
  /** The git repository: its history is walked for contributions. */
  repoDir: string;
  /** Where the tree being recorded sits on disk. Default: repoDir (a checkout of `tree`). */
  filesDir?: string;
  /** The commit whose history is credited, and which the new version names as its source revision. */
  head: string;
  /** The tree on disk (a commit or tree id); default `head`. A pull request preview passes the merge result here. */
  tree?: string;
  /** The push's or pull request's base: its history is walked too, for a tree that merges it. */
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
      /** What the commits the ledger had not recorded yet bring: the distinct records of the version they added first. */
      added: GitContribution[];
    };

/**
 * The dataset versions a push records, for every folder declared in `.attribution/config.yaml`. A folder that
 * changed since its latest version gets a new version whose contributors are the WHOLE version's, by content: each
 * distinct record it holds, to the author of the first commit in the folder's history that added it
 * (gitRecordAdders). So v2 credits everyone whose rows are in v2, a row deleted since v1 credits no one in v2, and
 * recording the same tree twice records nothing (the manifest is unchanged).
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
    // Cheap answer first: git already knows whether the folder changed since the version's commit, without hashing.
    if (
      previous !== undefined &&
      since !== undefined &&
      isCommit(input.repoDir, since) &&
      unchangedSince(input.repoDir, since, tree, dataset.path)
    ) {
      results.push({ dataset, kind: "unchanged", existing: previous, skipped: [] });
      continue;
    }
    // The whole history, every time: who added a record first never changes, and only the whole history says it.
    const adders = await gitRecordAdders({
      repoDir: input.repoDir,
      revisions: input.fallbackBase === undefined ? [input.head] : [input.head, input.fallbackBase],
      path: dataset.path,
      recordedAuthor: (sha) => recordedAuthor(input.index, sha),
      ...(input.logins === undefined ? {} : { logins: input.logins }),
      ...(input.hashEmails === undefined ? {} : { hashEmails: input.hashEmails }),
    });
    let added: GitContribution[] = [];
    const outcome = await datasetStatement({
      dir: folder,
      id: dataset.id,
      license: dataset.license,
      contributors: [],
      credit: (records) => {
        const blobs = treeBlobs(input.repoDir, tree, dataset.path);
        const blobOf = (path: string) => blobs.get(path);
        added = creditByAdders(records, adders, blobOf, (commit) => !input.index.commits.has(commit));
        return creditByAdders(records, adders, blobOf);
      },
      source: { uri: source, revision: input.head },
      index: input.index,
      // git stores a link as a link: its target is no row of the dataset (gitRecordAdders credits none), and the pull
      // request preview, which extracts regular files only, must see the same manifest.
      followSymlinks: false,
      ...(input.cachePath === undefined ? {} : { cachePath: input.cachePath }),
    });
    if (outcome.kind === "unchanged") results.push({ dataset, kind: "unchanged", existing: outcome.existing, skipped: outcome.skipped });
    else results.push({ dataset, kind: "new", outcome, added, skipped: outcome.skipped });
  }
  return results;
}

/** The author of a recorded commit, by their GitHub login when the record has one, as the split names them. */
function recordedAuthor(index: AttributionIndex, sha: string): string | undefined {
  const identities = index.commits.get(sha)?.commit.author.identities;
  return identities?.find((identity) => identity.startsWith("github:")) ?? identities?.[0];
}

/** The blob id of each regular file of the folder in `tree`, by its path inside the folder. */
function treeBlobs(repoDir: string, tree: string, path: string): Map<string, string> {
  const blobs = new Map<string, string>();
  const listed = runGit(repoDir, ["ls-tree", "-r", "-z", "--full-tree", "--end-of-options", tree, "--", `:(literal)${path}`]);
  for (const entry of listed.split("\0")) {
    const match = /^(100644|100755) blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (match !== null && (match[3] as string).startsWith(`${path}/`))
      blobs.set((match[3] as string).slice(path.length + 1), match[2] as string);
  }
  return blobs;
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
