import { type AttributionIndex, buildLineage, checkReleaseLicenses, licenseOf, lineageMermaid } from "@shoulders/attribution";
import { isHubLicenseId, licenseAtAGlance, parseLicense, termsOf, toHubId } from "@shoulders/license";
import type { CardUpdate } from "./card/render-card.js";

const HUB_REPO = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Hub repo ids only: `hf:` and `@revision` dropped, and ids that are not ORG/NAME left out (the Hub refuses them). */
function hubRepoIds(refs: readonly string[]): string[] {
  return [...new Set(refs.map((ref) => ref.replace(/^hf:/, "").split("@")[0] as string).filter((id) => HUB_REPO.test(id)))];
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
  const hubId = info.hubId ?? (info.spdx === undefined ? undefined : toHubId(info.spdx));
  const license = hubId !== undefined && isHubLicenseId(hubId) && hubId !== "other" && hubId !== "unknown" ? hubId : "other";
  const run = release.predicate.run === undefined ? undefined : index.runs.get(release.predicate.run.id);
  const datasets = hubRepoIds((run?.predicate.buildDefinition.externalParameters.datasets ?? []).map((use) => use.id));
  const baseModels = hubRepoIds(release.predicate.baseModels);
  const metadata: CardUpdate["metadata"] = {
    license,
    ...(license === "other"
      ? { license_name: info.name ?? info.spdx ?? info.input, ...(info.link ? { license_link: info.link } : {}) }
      : {}),
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
    ...(release.run === undefined ? {} : { fromRun: release.run.id }),
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
