import { commit } from "@huggingface/hub";
import { layoutOf, readCheckpointBytes, readTrust } from "@shoulders/ledger";
import { type WitnessLedgerResult, witnessLedger } from "@shoulders/witness";
import { hubError } from "./hub-error.js";
import type { Hub } from "./hub-options.js";

export type PublishedCosignatures = WitnessLedgerResult & {
  /** The Hub commit that carries the cosigned checkpoint, when there was something to publish. */
  commit?: string;
  /** Why the cosigned checkpoint could not be committed; the release itself stands. */
  problem?: string;
};

/**
 * After a release is on the Hub, asks trust.json's witnesses to cosign its checkpoint and commits the cosigned
 * checkpoint on top, so that a downloader can check the Hub copy with `verify --require-witness`. Witnesses only ever
 * see what is already published: asking before the release commit could make a witness hold a checkpoint that a
 * failed commit then threw away, and it would refuse the next one as a fork. Returns undefined without witnesses.
 */
export async function publishCosignatures(
  hub: Hub,
  options: { repo: string; branch: string; parentCommit: string; ledgerDir: string; fetch?: typeof fetch },
): Promise<PublishedCosignatures | undefined> {
  const layout = layoutOf(options.ledgerDir);
  if (!(readTrust(layout).witnesses ?? []).some((w) => w.url !== undefined)) return undefined;
  const witnessed = await witnessLedger({ dir: options.ledgerDir, fetch: options.fetch ?? globalThis.fetch });
  if (witnessed.cosigned === 0 || !witnessed.written) return witnessed;
  try {
    const output = await commit({
      repo: { type: "model", name: options.repo },
      operations: [{ operation: "addOrUpdate", path: ".attribution/checkpoint", content: new Blob([readCheckpointBytes(layout)]) }],
      title: `Witness cosignatures for the ledger checkpoint (${witnessed.cosigned} of ${witnessed.witnesses.length})`,
      branch: options.branch,
      // On top of our release commit only: a branch that moved meanwhile keeps its own ledger untouched.
      parentCommit: options.parentCommit,
      hubUrl: hub.hubUrl,
      accessToken: hub.accessToken as string,
      ...(hub.fetch === undefined ? {} : { fetch: hub.fetch }),
      useXet: false,
    });
    return { ...witnessed, commit: output?.commit.oid ?? "" };
  } catch (error) {
    return { ...witnessed, problem: hubError(error, hub, `committing the cosigned checkpoint to ${options.repo}`).message };
  }
}
