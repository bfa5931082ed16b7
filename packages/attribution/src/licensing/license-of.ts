import { type LicenseInfo, parseLicense } from "@shoulders/license";
import type { AttributionIndex, LicenseDeclaration } from "../attribution-index.js";
import { readModelRef } from "../record/model-ref.js";

/** Reads a recorded license text; one that no longer parses is treated as unknown, never as permissive. */
export function parseRecordedLicense(text: string | undefined, declaration?: LicenseDeclaration): LicenseInfo | undefined {
  if (text === undefined) return undefined;
  try {
    const predicate = declaration?.predicate;
    return parseLicense(text, {
      ...(predicate?.name === undefined ? {} : { name: predicate.name }),
      ...(predicate?.link === undefined ? {} : { link: predicate.link }),
      ...(predicate?.terms === undefined ? {} : { declared: predicate.terms }),
    });
  } catch {
    return undefined;
  }
}

/**
 * An artifact's license: the latest `record license` declaration when it is newer than the artifact's own record,
 * else the license given when the artifact was recorded. External models (hf:ORG/NAME[@REV], or a ledger id nothing
 * here releases) only have declarations, and a Hub model the license its card declared. A dataset version the ledger
 * does not hold has only its dataset's declaration: never another version's license.
 */
export function licenseOf(
  index: AttributionIndex,
  ref: { kind: "model" | "dataset" | "external"; id: string; version?: string },
): LicenseInfo | undefined {
  if (ref.kind === "external") {
    const model = readModelRef(ref.id);
    const artifact = model?.kind === "hub" ? `hf:${model.repo}` : (model?.id ?? ref.id);
    const declaration = index.licenses.get(artifact);
    if (declaration !== undefined) return parseRecordedLicense(declaration.predicate.license, declaration);
    // Else what the model's card declared, as `shoulders hf model` recorded it.
    const hub = model?.kind === "hub" ? index.hubModel(model.repo)?.predicate : undefined;
    if (hub?.license === undefined) return undefined;
    try {
      return parseLicense(hub.license, {
        ...(hub.licenseName ? { name: hub.licenseName } : {}),
        ...(hub.licenseLink ? { link: hub.licenseLink } : {}),
      });
    } catch {
      return undefined;
    }
  }
  const declaration = index.licenses.get(ref.id);
  if (ref.kind === "model") {
    const release = index.releases.get(ref.id)?.at(-1);
    if (declaration !== undefined && (release === undefined || declaration.index > release.index))
      return parseRecordedLicense(declaration.predicate.license, declaration);
    return parseRecordedLicense(release?.predicate.license);
  }
  const versions = index.datasets.get(ref.id);
  const version = ref.version === undefined ? versions?.at(-1) : versions?.find((candidate) => candidate.predicate.version === ref.version);
  if (
    declaration !== undefined &&
    (version === undefined || declaration.index > version.index || version.predicate.license === undefined)
  ) {
    return parseRecordedLicense(declaration.predicate.license, declaration);
  }
  return parseRecordedLicense(version?.predicate.license);
}
