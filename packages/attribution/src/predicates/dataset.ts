import { z } from "zod";
import { ArtifactId, Contributor, Count, LicenseText, PREDICATE_BASE, Sha256Hex, Version } from "./common.js";

export const DATASET_PREDICATE_TYPE = `${PREDICATE_BASE}/dataset/v1`;

/**
 * A dataset version. Subject 0 is the manifest (docs/format.md, "Files and manifests"), then one subject per file when the
 * statement can hold them. Contributors carry record counts: the unit that usage and payouts are counted in.
 */
export const DatasetPredicateSchema = z.object({
  id: ArtifactId,
  version: Version,
  license: LicenseText.optional(),
  /** The version this one follows: its ledger index and manifest digest. */
  previous: z.object({ version: Version, index: Count, manifest: Sha256Hex }).optional(),
  files: Count,
  bytes: Count,
  /** Records in the whole version: lines of .jsonl and .csv (less a header), else files. */
  records: Count,
  contributors: z.array(Contributor).max(10_000),
  /** Where the files came from, e.g. a Hub repository and revision. */
  source: z.object({ uri: z.string().min(1).max(500), revision: z.string().max(100).optional() }).optional(),
});

export type DatasetPredicate = z.infer<typeof DatasetPredicateSchema>;
