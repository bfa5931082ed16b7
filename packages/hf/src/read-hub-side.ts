import { MAX_CHECKPOINT_BYTES } from "@shoulders/ledger";
import { decodeCard, MAX_CARD_BYTES } from "./card/read-card-file.js";
import { downloadHubFile } from "./download-hub-file.js";
import { type Hub, parseRepoName } from "./hub-options.js";
import { type HubFile, listHubFiles } from "./list-hub-files.js";
import { type RepoRevision, resolveRevision } from "./resolve-revision.js";

/** A model repository's branch as an upload finds it, before anything is written. */
export type HubSide = {
  /** The branch head: the commit's parent, so a concurrent commit is refused instead of overwritten. */
  head: RepoRevision;
  /** The repository's canonical ORG/NAME. */
  repo: string;
  files: HubFile[];
  /** The base of the new card: the caller's README.md, else the Hub's, else empty. */
  card: string;
  cardBase: "local" | "hub" | "new";
  /** The checkpoint of the ledger the branch already holds, which ours must extend. */
  checkpoint: Buffer | null;
};

/** Reads the branch head, its files, its card (unless the caller brings one) and its ledger's checkpoint. */
export async function readHubSide(hub: Hub, repoName: string, branch: string, localCard: string | undefined): Promise<HubSide> {
  const head = await resolveRevision(hub, "model", parseRepoName(repoName, "`repo`"), branch);
  const repo = head.name;
  const files = await listHubFiles(hub, "model", repo, head.sha);
  const fetchFromHead = (path: string, maxBytes: number) =>
    files.some((file) => file.path === path)
      ? downloadHubFile(hub, { kind: "model", name: repo, revision: head.sha, path }, maxBytes)
      : null;
  const hubCardBytes = localCard === undefined ? await fetchFromHead("README.md", MAX_CARD_BYTES) : null;
  const card = localCard ?? (hubCardBytes === null ? "" : decodeCard(hubCardBytes, `README.md of ${repo}`));
  const checkpoint = await fetchFromHead(".attribution/checkpoint", MAX_CHECKPOINT_BYTES);
  const cardBase = localCard !== undefined ? "local" : hubCardBytes !== null ? "hub" : "new";
  return { head, repo, files, card, cardBase, checkpoint };
}
