import { ShouldersError, STATEMENT_TYPE, type Statement } from "@shoulders/ledger";
import type { AttributionIndex, Release } from "../attribution-index.js";
import { hashDirectory } from "../hash/index.js";
import { compareBytewise, type FileEntry, manifestDigest } from "../hash/manifest.js";
import { normaliseLicense } from "../licensing/normalise-license.js";
import { parsePredicate, RELEASE_PREDICATE_TYPE, type ReleasePredicate, ReleasePredicateSchema } from "../predicates/index.js";
import { manifestSubjects } from "./manifest-subjects.js";
import { resolveModelRef } from "./model-ref.js";

export type ReleaseInput = {
  dir: string;
  id: string;
  version?: string;
  license: string;
  fromRun?: string;
  baseModels: readonly string[];
  relation?: ReleasePredicate["relation"];
  index: AttributionIndex;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  cachePath?: string;
  /** The project folder the path was named in: no link below it (ListFilesOptions.within). */
  within?: string;
};

/**
 * The model card and the ledger describe the release; they are not among the files it releases. Nor is a git clone's
 * own `.git/`: the Hub never serves it, so a copy cloned with git holds the same release as one downloaded.
 */
export function isReleaseFile(path: string): boolean {
  return path !== "README.md" && !isUnder(path, ".attribution") && !isUnder(path, ".git");
}

function isUnder(path: string, folder: string): boolean {
  return path === folder || path.startsWith(`${folder}/`);
}

export type ReleaseFilesInput = Omit<ReleaseInput, "dir" | "index" | "onProgress" | "cachePath" | "within"> & {
  files: readonly FileEntry[];
};

export type ReleaseFromFiles =
  | { kind: "new"; statement: Statement; predicate: ReleasePredicate }
  | { kind: "unchanged"; existing: Release };

export type ReleaseOutcome = ReleaseFromFiles & { skipped: { path: string; reason: string }[] };

/**
 * A model release: its files as subjects, the run that produced them, its base models and the Hugging Face
 * `base_model_relation`. Releasing the same files under the same license again records nothing new.
 */
export async function releaseStatement(input: ReleaseInput): Promise<ReleaseOutcome> {
  const hashed = await hashDirectory(input.dir, {
    exclude: (path) => !isReleaseFile(path),
    ...(input.onProgress === undefined ? {} : { onProgress: input.onProgress }),
    ...(input.cachePath === undefined ? {} : { cachePath: input.cachePath }),
    ...(input.within === undefined ? {} : { within: input.within }),
  });
  return { ...releaseFromFiles(input.index, { ...input, files: hashed.files }), skipped: hashed.skipped };
}

/** The release statement for files already hashed: the upload hook hashes once and uploads exactly those files. */
export function releaseFromFiles(index: AttributionIndex, input: ReleaseFilesInput): ReleaseFromFiles {
  if (input.files.length === 0) throw new ShouldersError("EMPTY_FOLDER", `nothing to release as ${input.id}: no files besides README.md`);
  const license = normaliseLicense(input.license);
  const run = input.fromRun === undefined ? undefined : index.run(input.fromRun);
  const baseModels = (
    input.baseModels.length > 0 ? input.baseModels : (run?.predicate.buildDefinition.externalParameters.baseModels ?? [])
  ).map((ref) => resolveModelRef(ref, index));
  if (baseModels.includes(input.id)) throw new ShouldersError("LINEAGE_CYCLE", `${input.id} cannot be its own base model`);
  const files = [...input.files].sort((a, b) => compareBytewise(a.path, b.path));
  const digest = manifestDigest(files);
  const latest = index.releases.get(input.id)?.at(-1);
  if (
    latest !== undefined &&
    latest.predicate.manifest === digest &&
    latest.predicate.license === license &&
    input.version === latest.predicate.version
  ) {
    return { kind: "unchanged", existing: latest };
  }
  const relation = input.relation ?? (baseModels.length > 1 ? "merge" : baseModels.length === 1 ? "finetune" : undefined);
  const predicate: ReleasePredicate = {
    id: input.id,
    ...(input.version === undefined ? {} : { version: input.version }),
    license,
    ...(run === undefined ? {} : { run: { id: run.id, index: run.index } }),
    baseModels,
    ...(relation === undefined ? {} : { relation }),
    files: files.length,
    bytes: files.reduce((sum, file) => sum + file.size, 0),
    manifest: digest,
  };
  // Read back as the index will read it: a predicate it would drop fails here, with a coded error.
  const statement: Statement = {
    _type: STATEMENT_TYPE,
    subject: manifestSubjects(digest, files).subjects,
    predicateType: RELEASE_PREDICATE_TYPE,
    predicate,
  };
  parsePredicate(ReleasePredicateSchema, statement, "release");
  return { kind: "new", statement, predicate };
}
