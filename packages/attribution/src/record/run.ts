import { ShouldersError, STATEMENT_TYPE, type Statement } from "@shoulders/ledger";
import type { AttributionIndex } from "../attribution-index.js";
import { hashDirectory } from "../hash/index.js";
import {
  BUILDER_ID_EXAMPLE,
  BuilderIdSchema,
  type DatasetUse,
  FINE_TUNE_BUILD_TYPE,
  type FineTuneProvenance,
  SLSA_PROVENANCE_TYPE,
} from "../predicates/index.js";
import type { DatasetRef } from "./dataset-ref.js";
import { manifestSubjects } from "./manifest-subjects.js";
import { resolveModelRef } from "./model-ref.js";

export type RunInput = {
  id: string;
  outputDir: string;
  baseModels: readonly string[];
  datasets: readonly DatasetRef[];
  hyperparameters: Record<string, unknown>;
  /** The training code: a recorded repository and commit. */
  code?: { repository: string; sha: string };
  trainer: string;
  /** SLSA `runDetails.builder.id`, a URI (see runBuilder). */
  builderId: string;
  /** SLSA `runDetails.metadata.invocationId`, e.g. the CI run's URL; the run id by default. */
  invocationId?: string;
  startedOn: string;
  finishedOn: string;
  index: AttributionIndex;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  cachePath?: string;
  /** The project folder the path was named in: no link below it (ListFilesOptions.within). */
  within?: string;
};

/**
 * A fine-tune run as SLSA Provenance v1: the base models, the dataset versions (by manifest digest) and the code are
 * its resolved dependencies; the hyperparameters and each dataset's use (records × epochs) its external parameters;
 * its subjects are the output files.
 */
export async function runStatement(
  input: RunInput,
): Promise<{ statement: Statement; uses: DatasetUse[]; skipped: { path: string; reason: string }[] }> {
  if (!BuilderIdSchema.safeParse(input.builderId).success) {
    throw new ShouldersError(
      "BAD_ARGUMENT",
      `the builder id ${JSON.stringify(input.builderId)} is not a URI, as SLSA Provenance v1 requires; use one such as ${BUILDER_ID_EXAMPLE} or https://ci.example.org/runners/gpu-box-1`,
    );
  }
  if (input.index.runs.has(input.id)) {
    throw new ShouldersError(
      "BAD_ARGUMENT",
      `run "${input.id}" is already recorded at entry ${input.index.runs.get(input.id)?.index}; a run id names one run`,
    );
  }
  if (Date.parse(input.startedOn) > Date.parse(input.finishedOn)) {
    throw new ShouldersError("BAD_ARGUMENT", `the run started (${input.startedOn}) after it finished (${input.finishedOn})`);
  }
  const baseModels = input.baseModels.map((ref) => resolveModelRef(ref, input.index));
  const uses: DatasetUse[] = input.datasets.map((ref) => {
    const version = input.index.dataset(ref.id, ref.version);
    return {
      id: ref.id,
      version: version.predicate.version,
      manifest: version.manifest,
      index: version.index,
      epochs: ref.epochs,
      records: version.predicate.records,
      uses: version.predicate.records * ref.epochs,
    };
  });
  const hashed = await hashDirectory(input.outputDir, {
    exclude: (path) => path === ".attribution" || path.startsWith(".attribution/"),
    ...(input.onProgress === undefined ? {} : { onProgress: input.onProgress }),
    ...(input.cachePath === undefined ? {} : { cachePath: input.cachePath }),
    ...(input.within === undefined ? {} : { within: input.within }),
  });
  const provenance: FineTuneProvenance = {
    buildDefinition: {
      buildType: FINE_TUNE_BUILD_TYPE,
      externalParameters: { runId: input.id, hyperparameters: input.hyperparameters, datasets: uses, baseModels },
      internalParameters: { trainer: input.trainer },
      resolvedDependencies: [
        ...baseModels.map((ref) => ({ name: "base-model", uri: ref })),
        ...uses.map((use) => ({
          name: `dataset:${use.id}@${use.version}`,
          digest: { sha256: use.manifest },
          annotations: { index: use.index, epochs: use.epochs, records: use.records },
        })),
        ...(input.code === undefined
          ? []
          : [{ name: "code", uri: `git+${input.code.repository}@${input.code.sha}`, digest: { gitCommit: input.code.sha } }]),
      ],
    },
    runDetails: {
      builder: { id: input.builderId },
      metadata: { invocationId: input.invocationId ?? input.id, startedOn: input.startedOn, finishedOn: input.finishedOn },
    },
  };
  const { subjects } = manifestSubjects(hashed.digest, hashed.files);
  return {
    statement: { _type: STATEMENT_TYPE, subject: subjects, predicateType: SLSA_PROVENANCE_TYPE, predicate: provenance },
    uses,
    skipped: hashed.skipped,
  };
}
