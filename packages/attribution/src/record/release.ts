import { ShouldersError, STATEMENT_TYPE, type Statement } from "@shoulders/ledger";
import type { AttributionIndex, Release } from "../attribution-index.js";
import { hashDirectory } from "../hash/index.js";
import { normaliseLicense } from "../licensing/normalise-license.js";
import { RELEASE_PREDICATE_TYPE, type ReleasePredicate } from "../predicates/index.js";
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
};

/** The model card and the ledger describe the release; they are not among the files it releases. */
export function isReleaseFile(path: string): boolean {
  return path !== "README.md" && path !== ".attribution" && !path.startsWith(".attribution/");
}

export type ReleaseOutcome =
  | { kind: "new"; statement: Statement; predicate: ReleasePredicate; skipped: { path: string; reason: string }[] }
  | { kind: "unchanged"; existing: Release; skipped: { path: string; reason: string }[] };

/**
 * A model release: its files as subjects, the run that produced them, its base models and the Hugging Face
 * `base_model_relation`. Releasing the same files under the same license again records nothing new.
 */
export async function releaseStatement(input: ReleaseInput): Promise<ReleaseOutcome> {
  const license = normaliseLicense(input.license);
  const run = input.fromRun === undefined ? undefined : input.index.run(input.fromRun);
  const baseModels = (
    input.baseModels.length > 0 ? input.baseModels : (run?.predicate.buildDefinition.externalParameters.baseModels ?? [])
  ).map((ref) => resolveModelRef(ref, input.index));
  if (baseModels.includes(input.id)) throw new ShouldersError("LINEAGE_CYCLE", `${input.id} cannot be its own base model`);
  const hashed = await hashDirectory(input.dir, {
    exclude: (path) => !isReleaseFile(path),
    ...(input.onProgress === undefined ? {} : { onProgress: input.onProgress }),
    ...(input.cachePath === undefined ? {} : { cachePath: input.cachePath }),
  });
  const latest = input.index.releases.get(input.id)?.at(-1);
  if (
    latest !== undefined &&
    latest.predicate.manifest === hashed.digest &&
    latest.predicate.license === license &&
    input.version === latest.predicate.version
  ) {
    return { kind: "unchanged", existing: latest, skipped: hashed.skipped };
  }
  const relation = input.relation ?? (baseModels.length > 1 ? "merge" : baseModels.length === 1 ? "finetune" : undefined);
  const predicate: ReleasePredicate = {
    id: input.id,
    ...(input.version === undefined ? {} : { version: input.version }),
    license,
    ...(run === undefined ? {} : { run: { id: run.id, index: run.index } }),
    baseModels,
    ...(relation === undefined ? {} : { relation }),
    files: hashed.files.length,
    bytes: hashed.totalBytes,
    manifest: hashed.digest,
  };
  const { subjects } = manifestSubjects(hashed.digest, hashed.files);
  return {
    kind: "new",
    statement: { _type: STATEMENT_TYPE, subject: subjects, predicateType: RELEASE_PREDICATE_TYPE, predicate },
    predicate,
    skipped: hashed.skipped,
  };
}
