import { ShouldersError } from "@shoulders/ledger";
import { ArtifactId, Version } from "../predicates/index.js";

export type DatasetRef = { id: string; version?: string; epochs: number };

/** Splits the parts; each is then checked against the predicates' own grammar, so the two never drift apart. */
const DATASET_REF = /^([^@:]*)(?:@([^:]*))?(?::epochs=(\d+))?$/;

/** Parses one of a run's `datasets`, `ID[@VERSION][:epochs=N]`; one epoch when not given. */
export function parseDatasetRef(text: string): DatasetRef {
  const match = DATASET_REF.exec(text);
  if (match === null || !ArtifactId.safeParse(match[1]).success || (match[2] !== undefined && !Version.safeParse(match[2]).success)) {
    throw new ShouldersError("BAD_ARGUMENT", `\`datasets\` "${text}" must be ID[@VERSION][:epochs=N], e.g. acme/reviews@2:epochs=3`);
  }
  const epochs = match[3] === undefined ? 1 : Number(match[3]);
  if (!Number.isSafeInteger(epochs) || epochs < 1 || epochs > 1_000_000) {
    throw new ShouldersError("BAD_ARGUMENT", `\`datasets\` "${text}": epochs must be a whole number from 1 to 1,000,000`);
  }
  return { id: match[1] as string, ...(match[2] === undefined ? {} : { version: match[2] }), epochs };
}
