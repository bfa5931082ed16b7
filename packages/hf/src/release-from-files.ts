import {
  type AttributionIndex,
  type FileEntry,
  manifestDigest,
  manifestSubjects,
  parsePredicate,
  RELEASE_PREDICATE_TYPE,
  type Release,
  type ReleasePredicate,
  ReleasePredicateSchema,
  resolveModelRef,
} from "@shoulders/attribution";
import { ShouldersError, STATEMENT_TYPE, type Statement } from "@shoulders/ledger";

export type ReleaseFilesInput = {
  id: string;
  license: string;
  version?: string;
  fromRun?: string;
  baseModels: readonly string[];
  relation?: ReleasePredicate["relation"];
  files: readonly FileEntry[];
};

export type ReleaseFromFiles =
  | { kind: "new"; statement: Statement; predicate: ReleasePredicate }
  | { kind: "unchanged"; existing: Release };

/**
 * The release statement for files already hashed, built as `releaseStatement` in @shoulders/attribution builds it from
 * a folder (same predicate, same subjects, same "unchanged" rule). The upload needs the list of files it hashed, to
 * upload exactly those, and `releaseStatement` does not return it; the day it does, this can go.
 */
export function releaseFromFiles(index: AttributionIndex, input: ReleaseFilesInput): ReleaseFromFiles {
  if (input.files.length === 0) throw new ShouldersError("EMPTY_FOLDER", `nothing to release as ${input.id}: no files besides README.md`);
  const run = input.fromRun === undefined ? undefined : index.run(input.fromRun);
  const baseModels = (
    input.baseModels.length > 0 ? input.baseModels : (run?.predicate.buildDefinition.externalParameters.baseModels ?? [])
  ).map((ref) => resolveModelRef(ref, index));
  if (baseModels.includes(input.id)) throw new ShouldersError("LINEAGE_CYCLE", `${input.id} cannot be its own base model`);
  const digest = manifestDigest(input.files);
  const latest = index.releases.get(input.id)?.at(-1);
  if (
    latest !== undefined &&
    latest.predicate.manifest === digest &&
    latest.predicate.license === input.license &&
    input.version === latest.predicate.version
  ) {
    return { kind: "unchanged", existing: latest };
  }
  const relation = input.relation ?? (baseModels.length > 1 ? "merge" : baseModels.length === 1 ? "finetune" : undefined);
  const predicate: ReleasePredicate = {
    id: input.id,
    ...(input.version === undefined ? {} : { version: input.version }),
    license: input.license,
    ...(run === undefined ? {} : { run: { id: run.id, index: run.index } }),
    baseModels,
    ...(relation === undefined ? {} : { relation }),
    files: input.files.length,
    bytes: input.files.reduce((sum, file) => sum + file.size, 0),
    manifest: digest,
  };
  // Read back as the index will read it: a predicate it would drop (a license text over the limit) fails here, coded.
  parsePredicate(
    ReleasePredicateSchema,
    { _type: STATEMENT_TYPE, subject: [], predicateType: RELEASE_PREDICATE_TYPE, predicate },
    "release",
  );
  const { subjects } = manifestSubjects(
    digest,
    [...input.files].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path))),
  );
  return {
    kind: "new",
    statement: { _type: STATEMENT_TYPE, subject: subjects, predicateType: RELEASE_PREDICATE_TYPE, predicate },
    predicate,
  };
}
