import {
  type Ancestor,
  type CompatibilityReport,
  checkCompatibility,
  type LicenseInfo,
  parseLicense,
  type Relation,
} from "@shoulders/license";
import type { AttributionIndex, Run } from "../attribution-index.js";
import type { ReleasePredicate } from "../predicates/index.js";
import { licenseOf } from "./license-of.js";

export type ReleaseLicenseInput = {
  id: string;
  license: string | LicenseInfo;
  baseModels: readonly string[];
  fromRun?: string;
  relation?: ReleasePredicate["relation"];
};

export type LicenseCheckOptions = { trainingIsAdaptation?: boolean };

/**
 * Every ancestor of a release that carries a license: the datasets its run trained on, its base models and, through a
 * base model released in this ledger, that model's own datasets and bases. Walked breadth-first, so each ancestor is
 * reported with its shortest path, and each only once (a diamond or a cycle cannot make the walk explode).
 */
export function licenseAncestors(index: AttributionIndex, release: ReleaseLicenseInput): Ancestor[] {
  const ancestors: Ancestor[] = [];
  const seen = new Set<string>([`model:${release.id}`]);
  const queue: { path: string[]; runId?: string; baseModels: readonly string[]; relation?: ReleasePredicate["relation"] }[] = [
    {
      path: [release.id],
      ...(release.fromRun === undefined ? {} : { runId: release.fromRun }),
      baseModels: release.baseModels,
      ...(release.relation ? { relation: release.relation } : {}),
    },
  ];
  for (let next = 0; next < queue.length; next++) {
    const item = queue[next] as (typeof queue)[number];
    const run: Run | undefined = item.runId === undefined ? undefined : index.runs.get(item.runId);
    const parameters = run?.predicate.buildDefinition.externalParameters;
    for (const use of parameters?.datasets ?? []) {
      const key = `dataset:${use.id}@${use.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ancestors.push({
        path: [...item.path, `${use.id}@${use.version}`],
        id: `${use.id}@${use.version}`,
        kind: "dataset",
        license: licenseOf(index, { kind: "dataset", id: use.id, version: use.version }),
        relation: "trained-on",
      });
    }
    const relation: Relation = item.relation ?? "finetune";
    for (const ref of new Set([...(parameters?.baseModels ?? []), ...item.baseModels])) {
      const plain = ref.startsWith("hf:") ? undefined : (ref.split("@")[0] as string);
      const inLedger = plain !== undefined && index.releases.has(plain);
      const key = inLedger ? `model:${plain}` : `external:${ref.split("@")[0]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const id = inLedger ? (plain as string) : (ref.split("@")[0] as string);
      const license: LicenseInfo | undefined = inLedger
        ? licenseOf(index, { kind: "model", id })
        : licenseOf(index, { kind: "external", id: ref });
      ancestors.push({ path: [...item.path, id], id, kind: inLedger ? "model" : "external-model", license, relation });
      if (inLedger) {
        const base = index.release(id).predicate;
        queue.push({
          path: [...item.path, id],
          ...(base.run === undefined ? {} : { runId: base.run.id }),
          baseModels: base.baseModels,
          ...(base.relation ? { relation: base.relation } : {}),
        });
      } else {
        // A Hub model recorded with `shoulders hf model` names its own bases: the check reaches past the ledger.
        const hub = index.hubModel(ref);
        if (hub !== undefined) {
          const bases = hub.predicate.baseModels.map((base) => (base.startsWith("hf:") ? base : `hf:${base}`));
          queue.push({
            path: [...item.path, id],
            baseModels: bases,
            ...(hub.predicate.relation ? { relation: hub.predicate.relation } : {}),
          });
        }
      }
    }
  }
  return ancestors;
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
      ...(release.run === undefined ? {} : { fromRun: release.run.id }),
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
