import { ShouldersError } from "@shoulders/ledger";

export type DatasetRef = { id: string; version?: string; epochs: number };

const DATASET_REF = /^([A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)?)(?:@([A-Za-z0-9][A-Za-z0-9._+-]*))?(?::epochs=(\d+))?$/;

/** Parses `ID[@VERSION][:epochs=N]` from `record run --dataset`; one epoch when not given. */
export function parseDatasetRef(text: string): DatasetRef {
  const match = DATASET_REF.exec(text);
  if (match === null) {
    throw new ShouldersError("BAD_ARGUMENT", `--dataset "${text}" must be ID[@VERSION][:epochs=N], e.g. acme/reviews@2:epochs=3`);
  }
  const epochs = match[3] === undefined ? 1 : Number(match[3]);
  if (!Number.isSafeInteger(epochs) || epochs < 1 || epochs > 1_000_000) {
    throw new ShouldersError("BAD_ARGUMENT", `--dataset "${text}": epochs must be a whole number from 1 to 1,000,000`);
  }
  return { id: match[1] as string, ...(match[2] === undefined ? {} : { version: match[2] }), epochs };
}
