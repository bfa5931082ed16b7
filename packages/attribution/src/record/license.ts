import { ShouldersError, STATEMENT_TYPE, type Statement, sha256Hex, utf8 } from "@shoulders/ledger";
import { type DeclaredTerms, parseLicense } from "@shoulders/license";
import type { AttributionIndex } from "../attribution-index.js";
import { LICENSE_PREDICATE_TYPE, type LicensePredicate, LicensePredicateSchema } from "../predicates/index.js";

export type LicenseStatementInput = {
  /** ORG/NAME of a model or dataset of the ledger, or hf:ORG/NAME for a Hub model. */
  artifact: string;
  license: string;
  name?: string;
  link?: string;
  terms?: DeclaredTerms;
};

/**
 * The one builder of a license declaration, for `shoulders record license` and the Hub model recorder: the license
 * in its standard spelling (SPDX, else the Hub id), `other` only with a name and a link, every field checked by the
 * predicate's schema as a coded error, and the subject the artifact is known by. `index` finds the manifest of a
 * model or dataset of the ledger; a Hub model (hf:ORG/NAME) needs none.
 */
export function licenseStatement(
  input: LicenseStatementInput,
  index: AttributionIndex | undefined,
): { statement: Statement; predicate: LicensePredicate } {
  // The name as parseLicense reads it: the ledger holds what the checks read, not the padding around it.
  const name = input.name?.trim();
  const info = parseLicense(input.license, {
    ...(name === undefined ? {} : { name }),
    ...(input.link === undefined ? {} : { link: input.link }),
  });
  if (info.kind === "other" && (name === undefined || input.link === undefined)) {
    throw new ShouldersError(
      "BAD_ARGUMENT",
      `"${info.input}" is a license outside the Hub's list: it needs a \`name\` and a \`link\` (a URL, or a file of the repository such as LICENSE)`,
    );
  }
  const parsed = LicensePredicateSchema.safeParse({
    artifact: input.artifact,
    license: info.spdx ?? info.hubId ?? info.input,
    ...(name === undefined ? {} : { name }),
    ...(input.link === undefined ? {} : { link: input.link }),
    ...(input.terms === undefined ? {} : { terms: input.terms }),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ShouldersError("BAD_ARGUMENT", `license of ${input.artifact}: ${issue?.path.join(".") || "predicate"}: ${issue?.message}`);
  }
  const statement: Statement = {
    _type: STATEMENT_TYPE,
    subject: [artifactSubject(index, parsed.data.artifact)],
    predicateType: LICENSE_PREDICATE_TYPE,
    predicate: parsed.data,
  };
  return { statement, predicate: parsed.data };
}

/** The subject a statement about an artifact names: its manifest, or for an external Hub model, its name. */
function artifactSubject(index: AttributionIndex | undefined, artifact: string): Statement["subject"][number] {
  if (artifact.startsWith("hf:")) return { name: artifact, digest: { sha256: sha256Hex(utf8(artifact)) } };
  if (index?.releases.has(artifact)) return { name: `model:${artifact}`, digest: { sha256: index.release(artifact).predicate.manifest } };
  if (index?.datasets.has(artifact)) return { name: `dataset:${artifact}`, digest: { sha256: index.dataset(artifact).manifest } };
  throw new ShouldersError(
    "UNKNOWN_ARTIFACT",
    `no model or dataset "${artifact}" in this ledger; for a Hugging Face model write hf:${artifact}`,
  );
}
