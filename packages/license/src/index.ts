export {
  type AcceptedConflict,
  type Ancestor,
  type CompatibilityInput,
  type CompatibilityOptions,
  type CompatibilityReport,
  type Conflict,
  checkCompatibility,
  RELATIONS,
  type Relation,
} from "./compatibility/check-compatibility.js";
export { OBLIGATION_CODES, type Obligation, type ObligationCode } from "./compatibility/obligations.js";
export { CONFLICT_CODES, type ConflictCode, QUANTIZATION_CAUTION, RULES, type Rule, TRAINING_CAUTION } from "./compatibility/rules.js";
export { formatExpression, type LicenseLeaf, type LicenseNode } from "./expression.js";
export { describeFees, groupDigits, type LicenseGlance, licenseAtAGlance } from "./glance.js";
export { HUB_LICENSE_IDS, type HubLicenseId, isHubLicenseId } from "./hub-licenses.js";
export { HUB_TO_SPDX, toHubId, toSpdx } from "./hub-spdx-map.js";
export { type LicenseInfo, MAX_LICENSE_LENGTH, type ParseLicenseOptions, parseLicense } from "./identify.js";
export { isRepositoryFile, isWebLink, LicenseLink } from "./license-link.js";
export { suggestLicenses } from "./suggest.js";
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
export { type EffectiveTerms, termsOf } from "./terms-of.js";
