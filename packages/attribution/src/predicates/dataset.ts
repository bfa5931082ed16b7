import { z } from "zod";
import { ArtifactId, Contributor, Count, LicenseText, PREDICATE_BASE, Sha256Hex, Version } from "./common.js";

export const DATASET_PREDICATE_TYPE = `${PREDICATE_BASE}/dataset/v1`;

/**
 * A contributor's records in a version: credited by content (each distinct record to whoever first added it, or to the
 * first `--contributor` glob that matches a file holding it), or `declared`: a count someone asserted and no tool
 * checked, which can never exceed the version's records.
 */
export const DatasetContributor = Contributor.extend({ declared: z.literal(true).optional() });

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
  /**
   * Distinct records in the whole version: non-blank lines of .jsonl and .csv files (less a .csv header), each other
   * file one record, identified by content (docs/revenue-split.md, "Credit by content"). Versions recorded before
   * credit by content counted lines, duplicates included.
   */
  records: Count,
  /**
   * MTH (RFC 9162) over the version's distinct record digests in byte order: `records` leaves, so anyone can prove one
   * record is in the version (`shoulders prove record`). Absent in versions recorded before credit by content.
   */
  recordRoot: Sha256Hex.optional(),
  contributors: z.array(DatasetContributor).max(10_000),
  /** Where the files came from, e.g. a Hub repository and revision. */
  source: z.object({ uri: z.string().min(1).max(500), revision: z.string().max(100).optional() }).optional(),
});

export type DatasetPredicate = z.infer<typeof DatasetPredicateSchema>;
