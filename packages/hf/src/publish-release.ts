import type { AttributedCommitResult } from "./attributed-commit.js";
import { resolveHub } from "./hub-options.js";
import { type PublishedCosignatures, publishCosignatures } from "./publish-cosignatures.js";
import { type UploadWithAttributionParams, uploadWithAttribution } from "./upload-with-attribution.js";

export type PublishedRelease = {
  upload: AttributedCommitResult;
  /** What trust.json's witnesses said of the new checkpoint; undefined for a pull request or a ledger without witnesses. */
  witnesses?: PublishedCosignatures;
  /** A witness refused the checkpoint: it saw another history of this log, evidence that the ledger forked. */
  refused: boolean;
};

/**
 * `shoulders hf upload`: the release, its card and the ledger in one commit (uploadWithAttribution), then the new
 * checkpoint cosigned by the ledger's witnesses (publishCosignatures). Only a branch is witnessed: a pull request's
 * checkpoint is not the branch's, and witnesses see only what the branch publishes. A witness that is down or behind
 * takes nothing from the release; only a refusal is evidence against the ledger.
 */
export async function publishRelease(params: UploadWithAttributionParams): Promise<PublishedRelease> {
  const upload = await uploadWithAttribution(params);
  const onBranch = upload.commit.pullRequestUrl === undefined && params.pr !== true;
  const witnesses = onBranch
    ? await publishCosignatures(resolveHub(params.credentials), {
        repo: upload.repo,
        branch: params.revision ?? "main",
        parentCommit: upload.commit.commit.oid,
        ledgerDir: params.ledgerDir,
      })
    : undefined;
  const refused = witnesses?.witnesses.some((outcome) => !outcome.ok && outcome.code === "WITNESS_REFUSED") === true;
  return { upload, ...(witnesses === undefined ? {} : { witnesses }), refused };
}
