export { type CompatibilityInput, type CompatibilityOptions, type CompatibilityReport, type Conflict, type AcceptedConflict, type Ancestor, type Relation, RELATIONS, checkCompatibility } from "./compatibility/check-compatibility.js";
export { type Obligation, type ObligationCode, OBLIGATION_CODES } from "./compatibility/obligations.js";
export { CONFLICT_CODES, type ConflictCode, type Rule, RULES, TRAINING_CAUTION, QUANTIZATION_CAUTION } from "./compatibility/rules.js";
export { type LicenseLeaf, type LicenseNode, formatExpression } from "./expression.js";
export { type LicenseGlance, licenseAtAGlance } from "./glance.js";
export { HUB_LICENSE_IDS, type HubLicenseId, isHubLicenseId } from "./hub-licenses.js";
export { HUB_TO_SPDX, toHubId, toSpdx } from "./hub-spdx-map.js";
export { type LicenseInfo, MAX_LICENSE_LENGTH, type ParseLicenseOptions, parseLicense } from "./identify.js";
export { suggestLicenses } from "./suggest.js";
export { type EffectiveTerms, termsOf } from "./terms-of.js";
export {
  CONDITIONS,
  type Condition,
  type DeclaredTerms,
  DeclaredTermsSchema,
  type Fees,
  FeesSchema,
  LICENSE_KINDS,
  LIMITATIONS,
  type LicenseKind,
  type LicenseTerms,
  LicenseTermsSchema,
  type Limitation,
  licenseTermsJsonSchema,
  PERMISSIONS,
  type Permission,
} from "./terms/schema.js";
export { TERMS, termsForKey } from "./terms/table.js";
