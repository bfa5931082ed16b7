import {
  type Ancestor,
  type CompatibilityReport,
  checkCompatibility,
  type LicenseInfo,
  parseLicense,
  type Relation,
} from "@shoulders/license";
import type { AttributionIndex } from "../attribution-index.js";
import { type Artifact, type ModelArtifact, namedRun, pathTo, walkAncestors } from "../lineage/ancestors.js";
import type { ReleasePredicate } from "../predicates/index.js";
import { licenseOf } from "./license-of.js";

export type ReleaseLicenseInput = {
  id: string;
  license: string | LicenseInfo;
  baseModels: readonly string[];
  /** The run that produced it: its id, or the id and ledger index a recorded release names. */
  fromRun?: string | { id: string; index: number };
  relation?: ReleasePredicate["relation"];
};

export type LicenseCheckOptions = { trainingIsAdaptation?: boolean };

/**
 * Every ancestor of a release that carries a license, as walkAncestors finds them: the datasets its run trained on,
 * its base models and, through a base model released in this ledger or a Hub model recorded with its card's
 * base_model, their own datasets and bases. Each once, with its shortest path and the relation of its last hop.
 */
export function licenseAncestors(index: AttributionIndex, release: ReleaseLicenseInput): Ancestor[] {
  const { visits } = walkAncestors(index, rootOf(index, release));
  return visits.slice(1).map((visit): Ancestor => {
    const found = visit.artifact;
    const path = pathTo(visit).map(ancestorId);
    if (found.kind === "dataset") {
      const license = licenseOf(index, { kind: "dataset", id: found.id, version: found.version });
      return { path, id: ancestorId(found), kind: "dataset", license, relation: "trained-on" };
    }
    const relation: Relation = visit.reachedBy?.relation ?? "finetune";
    if (found.kind === "model")
      return { path, id: found.id, kind: "model", license: licenseOf(index, { kind: "model", id: found.id }), relation };
    return { path, id: found.id, kind: "external-model", license: licenseOf(index, { kind: "external", id: found.id }), relation };
  });
}

/** The release as the walk's root: recorded or not, its run is the one it names. */
function rootOf(index: AttributionIndex, release: ReleaseLicenseInput): ModelArtifact {
  const produced = namedRun(index, typeof release.fromRun === "string" ? { id: release.fromRun } : release.fromRun);
  return {
    kind: "model",
    key: `model:${release.id}`,
    id: release.id,
    ...(produced === undefined ? {} : { run: produced }),
    baseModels: release.baseModels,
    ...(release.relation === undefined ? {} : { relation: release.relation }),
  };
}

function ancestorId(artifact: Artifact): string {
  return artifact.kind === "dataset" ? `${artifact.id}@${artifact.version}` : artifact.id;
}

/** Checks a release that may not be recorded yet (the upload hook checks before it signs anything). */
export function checkReleaseLicenses(
  index: AttributionIndex,
  release: ReleaseLicenseInput,
  options: LicenseCheckOptions = {},
): CompatibilityReport {
  const accepted = (index.acceptances.get(release.id) ?? []).map(({ predicate }) => ({
    code: predicate.conflict,
    reason: predicate.reason,
    ...(predicate.ancestor === undefined ? {} : { ancestor: predicate.ancestor }),
  }));
  return checkCompatibility({
    artifact: { id: release.id, license: typeof release.license === "string" ? parseLicenseOrUnknown(release.license) : release.license },
    ancestors: licenseAncestors(index, release),
    options: { trainingIsAdaptation: options.trainingIsAdaptation ?? true },
    accepted,
  });
}

/** Checks the latest release of every model in the ledger, or of one. */
export function checkLicenses(
  index: AttributionIndex,
  options: LicenseCheckOptions & { artifact?: string } = {},
): { artifact: string; license: string; report: CompatibilityReport }[] {
  const ids = options.artifact === undefined ? [...index.releases.keys()].sort() : [index.release(options.artifact).predicate.id];
  return ids.map((id) => {
    const release = index.release(id).predicate;
    const license = licenseOf(index, { kind: "model", id }) ?? parseLicense("unknown");
    const input: ReleaseLicenseInput = {
      id,
      license,
      baseModels: release.baseModels,
      ...(release.run === undefined ? {} : { fromRun: release.run }),
      ...(release.relation === undefined ? {} : { relation: release.relation }),
    };
    return { artifact: id, license: license.spdx ?? license.hubId ?? license.input, report: checkReleaseLicenses(index, input, options) };
  });
}

function parseLicenseOrUnknown(text: string): LicenseInfo {
  try {
    return parseLicense(text);
  } catch {
    return parseLicense("unknown");
  }
}
