import {
  type AttributionIndex,
  buildLineage,
  checkReleaseLicenses,
  licenseOf,
  lineageMermaid,
  namedRun,
  parseModelRef,
} from "@shoulders/attribution";
import { ShouldersError } from "@shoulders/ledger";
import { isHubLicenseId, type LicenseInfo, licenseAtAGlance, parseLicense, termsForKey, termsOf, toHubId } from "@shoulders/license";
import type { CardUpdate } from "./card/render-card.js";

const HUB_REPO = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Hub repo ids only: ids that are not ORG/NAME left out (the Hub refuses them). */
function hubRepoIds(ids: readonly string[]): string[] {
  return [...new Set(ids.filter((id) => HUB_REPO.test(id)))];
}

/** A base model as the card's base_model names it: `hf:` and `@revision` (or a ledger model's `@version`) dropped. */
function modelRepoId(ref: string): string {
  const parsed = parseModelRef(ref);
  return parsed.kind === "hub" ? parsed.repo : parsed.id;
}

/**
 * What the model card of a release should say: the Hub metadata (license, base_model, base_model_relation,
 * datasets, and the attribution block that pins the ledger), and the two sections the renderer owns.
 */
export function releaseCardUpdate(
  index: AttributionIndex,
  artifact: string,
  ledger: { origin: string; treeSize: number; rootHash: string },
): CardUpdate {
  const release = index.release(artifact);
  const info = licenseOf(index, { kind: "model", id: release.predicate.id }) ?? parseLicense("unknown");
  const run = namedRun(index, release.predicate.run);
  const datasets = hubRepoIds((run?.predicate.buildDefinition.externalParameters.datasets ?? []).map((use) => use.id));
  const baseModels = hubRepoIds(release.predicate.baseModels.map(modelRepoId));
  const metadata: CardUpdate["metadata"] = {
    ...cardLicense(info, release.predicate.id),
    ...(baseModels.length > 0 ? { base_model: baseModels } : {}),
    ...(baseModels.length > 0 && release.predicate.relation !== undefined ? { base_model_relation: release.predicate.relation } : {}),
    ...(datasets.length > 0 ? { datasets } : {}),
    attribution: {
      origin: ledger.origin,
      treeSize: ledger.treeSize,
      rootHash: ledger.rootHash,
      entry: release.index,
      artifact: release.predicate.id,
    },
  };
  return { metadata, sections: { licenseAtAGlance: glanceSection(index, artifact, info), lineage: lineageSection(index, artifact) } };
}

/**
 * The card's license keys. A license on the Hub's list is its id alone. Any other is `other` with `license_name` and
 * `license_link`, which the Hub reads as a pair (hub-docs modelcard.md: a URL, or a file of the repository such as
 * LICENSE): the declared link, else the text of a single license (our terms table's URL, or its SPDX License List
 * page). A license nobody knows is the Hub's `unknown`. A compound expression or an unknown LicenseRef has no one
 * page to link, so the card is refused until a link is declared rather than written with a name that leads nowhere.
 */
function cardLicense(info: LicenseInfo, artifact: string): Pick<CardUpdate["metadata"], "license" | "license_name" | "license_link"> {
  const hubId = info.hubId ?? (info.spdx === undefined ? undefined : toHubId(info.spdx));
  if (hubId !== undefined && isHubLicenseId(hubId) && hubId !== "other" && hubId !== "unknown") return { license: hubId };
  const name = info.name ?? info.spdx;
  const link = info.link ?? singleLicenseLink(info);
  if (name !== undefined && link !== undefined) return { license: "other", license_name: name, license_link: link };
  if (info.kind === "other" && info.input.toLowerCase() !== "other") return { license: "unknown" };
  throw new ShouldersError(
    "BAD_ARGUMENT",
    `the model card needs a link to the text of "${name ?? info.input}" (the Hub pairs license_name with license_link); declare one with \`shoulders record license ${artifact} --license "${info.spdx ?? info.input}"${info.kind === "other" ? " --name NAME" : ""} --link LICENSE\` (a file of the model, or a URL)`,
  );
}

/** Where the text of a single license is: our table's URL, else the SPDX License List page of an SPDX id. */
function singleLicenseLink(info: LicenseInfo): string | undefined {
  const leaf = info.expression !== undefined && "license" in info.expression ? info.expression : undefined;
  // An exception changes the license, and its text is another page: that needs a declared link.
  if (leaf === undefined || leaf.exception !== undefined) return undefined;
  const url = termsForKey(leaf.license)?.url;
  if (url !== undefined) return url;
  return /^(?:LicenseRef|DocumentRef)-/.test(leaf.license) ? undefined : `https://spdx.org/licenses/${leaf.license}.html`;
}

function glanceSection(index: AttributionIndex, artifact: string, info: ReturnType<typeof parseLicense>): string {
  const release = index.release(artifact).predicate;
  const rows = licenseAtAGlance(termsOf(info)).rows;
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
  const lines = [
    `License: **${cell(info.spdx ?? info.name ?? info.input)}**`,
    "",
    "| | |",
    "| --- | --- |",
    ...rows.map((row) => `| ${cell(row.label)} | ${cell(row.value)} |`),
  ];
  const report = checkReleaseLicenses(index, {
    id: release.id,
    license: info,
    baseModels: release.baseModels,
    ...(release.run === undefined ? {} : { fromRun: release.run }),
    ...(release.relation === undefined ? {} : { relation: release.relation }),
  });
  const obligations = report.obligations.filter((obligation) => obligation.binding);
  if (obligations.length > 0) {
    lines.push("", "Obligations from the lineage:", "");
    for (const obligation of obligations)
      lines.push(`- ${cell(obligation.text)} (from ${cell(obligation.ancestor)}, ${cell(obligation.license)})`);
  }
  const accepted = report.conflicts.filter((conflict) => conflict.accepted !== undefined);
  const open = report.conflicts.filter((conflict) => conflict.accepted === undefined);
  if (accepted.length > 0 || open.length > 0) {
    lines.push("", "Conflicts along the lineage:", "");
    for (const conflict of [...open, ...accepted]) {
      const state = conflict.accepted === undefined ? "**open**" : `accepted: ${cell(conflict.accepted.reason ?? "no reason given")}`;
      lines.push(`- \`${conflict.code}\` via ${cell(conflict.path.join(" → "))}: ${cell(conflict.rule)} (${state})`);
    }
  }
  return lines.join("\n");
}

function lineageSection(index: AttributionIndex, artifact: string): string {
  const mermaid = lineageMermaid(buildLineage(index, artifact)).trimEnd();
  return [
    "Every ancestor and contributor, from the signed ledger in `.attribution/` (check it with `shoulders verify`):",
    "",
    "```mermaid",
    mermaid,
    "```",
  ].join("\n");
}
