import { z } from "zod";

/**
 * The terms of one license, in the vocabulary of choosealicense.com (which GitHub's license API also uses:
 * https://github.com/github/choosealicense.com/blob/gh-pages/_data/rules.yml), extended with what ML licenses add:
 * use restrictions (RAIL, acceptable-use policies), notices to display, naming rules, user thresholds and fees.
 */
export const PERMISSIONS = ["commercial-use", "modifications", "distribution", "private-use", "patent-use"] as const;
export const CONDITIONS = [
  "include-copyright",
  "include-copyright--source",
  "document-changes",
  "disclose-source",
  "network-use-disclose",
  "same-license",
  "same-license--file",
  "same-license--library",
  // ML additions. RAIL §4(a), Gemma §3.1, Llama §1.b.iv: restrictions must travel with every copy and derivative.
  "pass-on-use-restrictions",
  // Llama 3+ §1.b.i: derived models must carry a name prefix.
  "name-prefix",
] as const;
export const LIMITATIONS = ["trademark-use", "liability", "patent-use", "warranty"] as const;
export const LICENSE_KINDS = [
  "permissive",
  "copyleft",
  "weak-copyleft",
  "creative-commons",
  "data",
  "ml-responsible",
  "ml-community",
  "public-domain",
  "proprietary-ish",
] as const;

export const PermissionSchema = z.enum(PERMISSIONS);
export const ConditionSchema = z.enum(CONDITIONS);
export const LimitationSchema = z.enum(LIMITATIONS);
export const LicenseKindSchema = z.enum(LICENSE_KINDS);

/** Links in terms and `other` licenses are web pages; other schemes (javascript:, file:) have no business here. */
export const WebUrl = z.url({ protocol: /^https?$/ });

/** A decimal amount in major units ("0.0004"): per-use prices are often below one minor unit, and floats drift. */
export const DecimalAmount = z.string().regex(/^(?:0|[1-9]\d{0,14})(?:\.\d{1,12})?$/, "an amount is a decimal such as 0.0004");

export const FeesSchema = z
  .object({
    perUse: z
      .object({ amount: DecimalAmount, currency: z.string().regex(/^[A-Z]{3}$/, "a currency is an ISO 4217 code") })
      .strict()
      .optional(),
    revenueShare: z
      .object({ basisPoints: z.number().int().min(1).max(10_000) })
      .strict()
      .optional(),
  })
  .strict()
  .refine((fees) => fees.perUse !== undefined || fees.revenueShare !== undefined, "fees name a price per use or a revenue share");

export const UserThresholdSchema = z
  .object({ monthlyActiveUsers: z.number().int().positive(), requires: z.string().min(1).max(500) })
  .strict();

export const LicenseTermsSchema = z
  .object({
    /** The canonical key: the SPDX id when one exists, else our LicenseRef (see docs/licenses.md). */
    id: z.string().min(1).max(100),
    name: z.string().min(1).max(200),
    url: WebUrl,
    kind: LicenseKindSchema,
    permissions: z.array(PermissionSchema),
    conditions: z.array(ConditionSchema),
    limitations: z.array(LimitationSchema),
    /** Uses the license forbids (RAIL Attachment A, acceptable/prohibited use policies), one line each. */
    useRestrictions: z.array(z.string().min(1).max(400)).optional(),
    /** What must be displayed, e.g. "Built with Llama". */
    attributionNotice: z.string().min(1).max(500).optional(),
    /** What must ship in a NOTICE file, verbatim where the license gives the words. */
    noticeText: z.string().min(1).max(500).optional(),
    namingRule: z.string().min(1).max(300).optional(),
    /** The machine-checkable part of the naming rule: a derived model's name must begin with this. */
    namePrefix: z.string().min(1).max(50).optional(),
    userThreshold: UserThresholdSchema.optional(),
    fees: FeesSchema.optional(),
    /** Derivatives remain under this license (a key of TERMS): Llama and Gemma. */
    derivativesStayUnder: z.string().min(1).max(100).optional(),
    /** Licenses that satisfy this license's share-alike or copyleft condition besides itself (later versions, etc.). */
    shareAlikeCompatible: z.array(z.string().min(1).max(100)).optional(),
    /** The license says outputs of computational use (a trained model) carry none of its conditions. */
    resultsUnrestricted: z.boolean().optional(),
    commercial: z.boolean(),
    shareAlike: z.boolean(),
    noDerivatives: z.boolean(),
    /** Facts a reader needs that fit no field. */
    notes: z.array(z.string().min(1).max(500)).optional(),
    /** Set when this summary is not enough to rely on: why a human must read the license text. */
    review: z.string().min(1).max(500).optional(),
    sources: z.array(WebUrl).min(1),
  })
  .strict();

export type Permission = z.infer<typeof PermissionSchema>;
export type Condition = z.infer<typeof ConditionSchema>;
export type Limitation = z.infer<typeof LimitationSchema>;
export type LicenseKind = z.infer<typeof LicenseKindSchema>;
export type Fees = z.infer<typeof FeesSchema>;
export type LicenseTerms = z.infer<typeof LicenseTermsSchema>;

/**
 * Terms a licensor declares for one artifact: the full terms of an `other` license, or additions to a known one (a
 * commercial grant with fees on top of CC-BY-NC, say). Identity and sources come from the license itself.
 */
export const DeclaredTermsSchema = LicenseTermsSchema.omit({ id: true, sources: true }).partial().strict();
export type DeclaredTerms = z.infer<typeof DeclaredTermsSchema>;

/** The JSON Schema of a terms object, for tools that read our terms without our code. */
export function licenseTermsJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(LicenseTermsSchema) as Record<string, unknown>;
}
