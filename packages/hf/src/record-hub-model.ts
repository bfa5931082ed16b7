import {
  HUB_MODEL_PREDICATE_TYPE,
  type HubModelPredicate,
  HubModelPredicateSchema,
  hubModelSubjectName,
  LICENSE_PREDICATE_TYPE,
  LicensePredicateSchema,
  licenseStatement,
  MODEL_RELATIONS,
} from "@shoulders/attribution";
import { isShouldersError, type LedgerEntry, STATEMENT_TYPE, type Statement } from "@shoulders/ledger";
import { type Hub, parseRepoName, repoUrl } from "./hub-options.js";
import { resolveRevision } from "./resolve-revision.js";

export type HubModelInput = {
  name: string;
  /** Default main. Ancestors found through base_model are read at their main branch: a card names no revision. */
  revision?: string;
  /** Also record the base models the card names, and theirs, up to `maxModels` in all. Default true. */
  ancestors?: boolean;
  maxModels?: number;
  /** The ledger's entries, to leave out models already recorded at the same commit. */
  entries: readonly LedgerEntry[];
};

export type HubModelOutcome = {
  /**
   * New statements, ancestors first, so the log reads from the oldest model down: each model's hub-model statement,
   * then a license declaration for `hf:ORG/NAME` when its card's license is not already the one on record, which is
   * what the license checks read for models outside the ledger.
   */
  statements: Statement[];
  recorded: HubModelPredicate[];
  alreadyRecorded: HubModelPredicate[];
  /** base_model values that are not Hub repositories (URLs, local paths), and models past the limit. */
  skipped: { ref: string; reason: string }[];
};

/**
 * Records a Hub model as an external base model: the commit its revision points at, the license its card declares,
 * and the base models its card names, walking up that chain so that lineage and license checks reach past this
 * repository.
 */
export async function hubModelStatements(hub: Hub, input: HubModelInput): Promise<HubModelOutcome> {
  const maxModels = input.maxModels ?? 32;
  const known = new Set(
    input.entries
      .filter((entry) => entry.statement.predicateType === HUB_MODEL_PREDICATE_TYPE)
      .map((entry) => HubModelPredicateSchema.safeParse(entry.statement.predicate))
      .flatMap((parsed) => (parsed.success ? [`${parsed.data.repo}@${parsed.data.revision}`] : [])),
  );
  const declared = latestLicenses(input.entries);
  const outcome: HubModelOutcome = { statements: [], recorded: [], alreadyRecorded: [], skipped: [] };
  const queue: { name: string; revision: string | undefined }[] = [{ name: parseRepoName(input.name), revision: input.revision }];
  const visited = new Set<string>();
  while (queue.length > 0) {
    const next = queue.shift() as { name: string; revision: string | undefined };
    if (visited.has(next.name.toLowerCase())) continue;
    if (visited.size >= maxModels) {
      outcome.skipped.push({ ref: next.name, reason: `more than ${maxModels} models in the chain` });
      continue;
    }
    visited.add(next.name.toLowerCase());
    const resolved = await resolveRevision(hub, "model", next.name, next.revision);
    visited.add(resolved.name.toLowerCase());
    const { predicate, parents, skipped } = fromCard(resolved.name, resolved.sha, resolved.cardData ?? {});
    outcome.skipped.push(...skipped);
    if (known.has(`${predicate.repo}@${predicate.revision}`)) {
      outcome.alreadyRecorded.push(predicate);
    } else {
      known.add(`${predicate.repo}@${predicate.revision}`);
      outcome.recorded.push(predicate);
      outcome.statements.push({
        _type: STATEMENT_TYPE,
        subject: [{ name: hubModelSubjectName(predicate.repo, predicate.revision), digest: { gitCommit: predicate.revision } }],
        predicateType: HUB_MODEL_PREDICATE_TYPE,
        predicate,
      });
    }
    const license = cardLicenseStatement(hub, predicate, declared, outcome.skipped);
    if (license !== undefined) outcome.statements.push(license);
    if (input.ancestors !== false) queue.push(...parents.map((name) => ({ name, revision: undefined })));
  }
  outcome.statements.reverse();
  return outcome;
}

/** The card data is whatever the model's authors wrote: each field is taken only when it has the expected shape. */
function fromCard(
  repo: string,
  sha: string,
  card: Record<string, unknown>,
): { predicate: HubModelPredicate; parents: string[]; skipped: { ref: string; reason: string }[] } {
  const skipped: { ref: string; reason: string }[] = [];
  const parents: string[] = [];
  for (const ref of stringList(card.base_model)) {
    try {
      const parent = parseRepoName(ref, "base_model");
      if (parent.toLowerCase() !== repo.toLowerCase() && !parents.includes(parent)) parents.push(parent);
    } catch {
      skipped.push({ ref, reason: `the card of ${repo} names a base_model that is not a Hub repository ORG/NAME` });
    }
  }
  // Several licenses on one card all apply: AND is the cautious reading for the license checks.
  const licenses = stringList(card.license);
  const relation = MODEL_RELATIONS.find((candidate) => candidate === card.base_model_relation);
  const candidate = {
    repo,
    revision: sha,
    ...(licenses.length > 0 ? { license: licenses.join(" AND ") } : {}),
    ...(typeof card.license_name === "string" && card.license_name.trim() ? { licenseName: card.license_name.trim() } : {}),
    ...(typeof card.license_link === "string" && card.license_link.trim() ? { licenseLink: card.license_link.trim() } : {}),
    baseModels: parents.map((parent) => `hf:${parent}`),
    ...(relation !== undefined && parents.length > 0 ? { relation } : {}),
  };
  const parsed = HubModelPredicateSchema.safeParse(candidate);
  if (parsed.success) return { predicate: parsed.data, parents, skipped };
  // An over-long license name or link is the card's problem; the commit and lineage are still worth recording.
  skipped.push({
    ref: repo,
    reason: `the card's license fields are not usable (${parsed.error.issues[0]?.path.join(".")}); recorded without them`,
  });
  const { licenseName: _name, licenseLink: _link, license, ...rest } = candidate;
  const usable = license !== undefined && license.length <= 500 ? { license } : {};
  return { predicate: HubModelPredicateSchema.parse({ ...rest, ...usable }), parents, skipped };
}

function stringList(value: unknown): string[] {
  const values = typeof value === "string" ? [value] : Array.isArray(value) ? value : [];
  return values.filter((item): item is string => typeof item === "string" && item.trim() !== "").map((item) => item.trim());
}

/** The license on record for each artifact: the latest declaration wins, as in AttributionIndex. */
function latestLicenses(entries: readonly LedgerEntry[]): Map<string, string> {
  const latest = new Map<string, string>();
  for (const entry of entries) {
    if (entry.statement.predicateType !== LICENSE_PREDICATE_TYPE) continue;
    const parsed = LicensePredicateSchema.safeParse(entry.statement.predicate);
    if (parsed.success) latest.set(parsed.data.artifact, parsed.data.license);
  }
  return latest;
}

/**
 * A license declaration for the model, built as `shoulders record license hf:ORG/NAME` builds it, so that the license
 * checks of everything built on it know its terms. A card license that does not parse, or `other` without a name and
 * a link, is reported and left for a person to declare.
 */
function cardLicenseStatement(
  hub: Hub,
  model: HubModelPredicate,
  declared: Map<string, string>,
  skipped: { ref: string; reason: string }[],
): Statement | undefined {
  if (model.license === undefined) return undefined;
  const artifact = `hf:${model.repo}`;
  // A relative license_link names a file in the repository, as the Hub renders it.
  const link =
    model.licenseLink === undefined || /^https?:\/\//.test(model.licenseLink)
      ? model.licenseLink
      : `${repoUrl(hub, "model", model.repo)}/blob/${model.revision}/${model.licenseLink.replace(/^\.?\//, "")}`;
  let built: ReturnType<typeof licenseStatement>;
  try {
    built = licenseStatement(
      {
        artifact,
        license: model.license,
        ...(model.licenseName === undefined ? {} : { name: model.licenseName }),
        ...(link === undefined ? {} : { link }),
      },
      undefined,
    );
  } catch (error) {
    if (!isShouldersError(error)) throw error;
    skipped.push({
      ref: artifact,
      reason: `its card's license "${model.license}" is not one the checks can read (${error.message}); declare it with shoulders record license ${artifact}`,
    });
    return undefined;
  }
  if (declared.get(artifact) === built.predicate.license) return undefined;
  declared.set(artifact, built.predicate.license);
  return built.statement;
}
