import { datasetInfo, modelInfo } from "@huggingface/hub";
import { ShouldersError } from "@shoulders/ledger";
import { z } from "zod";
import { callHub } from "./hub-error.js";
import { type Hub, parseRepoName, parseRevision, type RepoKind } from "./hub-options.js";

export type RepoRevision = {
  /** The repository's canonical ORG/NAME, as the Hub reports it (it follows renames). */
  name: string;
  /** The commit the revision points at now: records name this, never a branch that moves. */
  sha: string;
  /** The card's front matter as the Hub parsed it, when it has one. */
  cardData: Record<string, unknown> | undefined;
};

/** Only what we read of the answer; the rest is ignored, and a wrong shape is an IO_ERROR, not a TypeError later. */
const InfoSchema = z.object({
  name: z.string(),
  sha: z.string().regex(/^[0-9a-f]{40}$/, "a commit sha is 40 lowercase hex characters"),
  cardData: z.record(z.string(), z.unknown()).nullish(),
});

/** Resolves a branch, tag or commit of a Hub repository to its commit, with the card data at that commit. */
export async function resolveRevision(hub: Hub, kind: RepoKind, name: string, revision = "main"): Promise<RepoRevision> {
  parseRepoName(name);
  parseRevision(revision);
  const params = {
    name,
    revision,
    additionalFields: ["sha", "cardData"] as ("sha" | "cardData")[],
    hubUrl: hub.hubUrl,
    accessToken: hub.accessToken,
    fetch: hub.fetch,
  };
  const what = `reading ${kind === "dataset" ? "dataset" : "model"} ${name}@${revision}`;
  const info = await callHub(hub, what, () => (kind === "dataset" ? datasetInfo(params) : modelInfo(params)));
  const parsed = InfoSchema.safeParse(info);
  if (!parsed.success) {
    throw new ShouldersError("IO_ERROR", `${what}: the Hub's answer has no valid ${parsed.error.issues[0]?.path.join(".") || "data"}`);
  }
  return {
    name: parseRepoName(parsed.data.name, "the Hub's repository name"),
    sha: parsed.data.sha,
    cardData: parsed.data.cardData ?? undefined,
  };
}
