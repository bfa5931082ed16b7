import { parseIdentity, ShouldersError } from "@shoulders/ledger";
import picomatch from "picomatch";

export type ContributorSpec = { identity: string } & ({ records: number } | { glob: string });

/** Parses one of a dataset's `contributors`, `NAME=COUNT` or `NAME=GLOB`; NAME is an identity such as github:dev. */
export function parseContributorSpec(text: string): ContributorSpec {
  const equals = text.indexOf("=");
  if (equals <= 0 || equals === text.length - 1) {
    throw new ShouldersError(
      "BAD_ARGUMENT",
      `\`contributors\` "${text}" must be IDENTITY=COUNT or IDENTITY=GLOB, e.g. github:dev=2000 or github:dev='data/dev/*.jsonl'`,
    );
  }
  const identity = parseIdentity(text.slice(0, equals), "`contributors`");
  const value = text.slice(equals + 1);
  if (/^\d+$/.test(value)) {
    const records = Number(value);
    if (!Number.isSafeInteger(records))
      throw new ShouldersError("BAD_ARGUMENT", `\`contributors\` ${identity}: ${value} records is too many`);
    return { identity, records };
  }
  if (/^[+-]?\d/.test(value)) {
    throw new ShouldersError("BAD_ARGUMENT", `\`contributors\` ${identity}: "${value}" is not a whole number of records`);
  }
  return { identity, glob: value };
}

/** The files a contributor's glob matches, relative to the dataset folder; '**' crosses folders. */
export function matchFiles(glob: string, paths: readonly string[]): string[] {
  const isMatch = picomatch(glob, { dot: false });
  return paths.filter((path) => isMatch(path));
}
