import type { LicenseTerms } from "./schema.js";

/**
 * Meta's Llama community licenses, read from https://github.com/meta-llama/llama-models/tree/main/models
 * (LICENSE and USE_POLICY.md of each version). Common to all: a royalty-free grant (§1.a), a copy of the agreement
 * with every copy and derivative (§1.b.i), a NOTICE line (§1.b.iii), the acceptable use policy (§1.b.iv), and a
 * separate license for licensees above 700 million monthly active users on the release date (§2).
 */
const REPO = "https://github.com/meta-llama/llama-models/blob/main/models";

// The acceptable use policies share these headings; version-specific items are added below.
const AUP_COMMON = [
  "violate the law or others' rights (violence or terrorism, exploitation of children, human trafficking, sexual solicitation, harassment, discrimination, unlicensed professional practice, unlawful processing of sensitive personal data, infringement, malware)",
  "activities that risk death or bodily harm (military, warfare, nuclear or espionage uses, ITAR-controlled material, weapons, illegal drugs, critical infrastructure or heavy machinery, self-harm, incitement to violence)",
  "intentionally deceive or mislead (fraud, disinformation, defamation, spam, impersonation without consent, representing outputs as human-generated, fake online engagement)",
  "fail to appropriately disclose to end users any known dangers of your AI system",
];
const AUP_3_2_ON = [
  "act to intentionally circumvent or remove usage restrictions or other safety measures, or enable functionality disabled by Meta",
  "interact with third-party tools, models or software designed to generate unlawful content or conduct, or represent their outputs as associated with Meta or Llama",
];
const EU_MULTIMODAL =
  "for multimodal models of this version, the §1.a rights are not granted to individuals domiciled in, or companies with a principal place of business in, the European Union (end users of a product that incorporates them are not affected)";

interface Version {
  key: string;
  name: string;
  dir: string;
  released: string;
  display?: string;
  prefix?: string;
  noImprovingOthers?: string;
  extra?: string[];
}

const VERSIONS: Version[] = [
  { key: "LicenseRef-Llama-2", name: "Llama 2", dir: "llama2", released: "July 18, 2023", noImprovingOthers: "Llama 2" },
  {
    key: "LicenseRef-Llama-3",
    name: "Meta Llama 3",
    dir: "llama3",
    released: "April 18, 2024",
    display: "Built with Meta Llama 3",
    prefix: "Llama 3",
    noImprovingOthers: "Meta Llama 3",
  },
  {
    key: "LicenseRef-Llama-3.1",
    name: "Llama 3.1",
    dir: "llama3_1",
    released: "July 23, 2024",
    display: "Built with Llama",
    prefix: "Llama",
  },
  {
    key: "LicenseRef-Llama-3.2",
    name: "Llama 3.2",
    dir: "llama3_2",
    released: "September 25, 2024",
    display: "Built with Llama",
    prefix: "Llama",
    extra: [...AUP_3_2_ON, EU_MULTIMODAL],
  },
  {
    key: "LicenseRef-Llama-3.3",
    name: "Llama 3.3",
    dir: "llama3_3",
    released: "December 6, 2024",
    display: "Built with Llama",
    prefix: "Llama",
    extra: [...AUP_3_2_ON, EU_MULTIMODAL],
  },
  {
    key: "LicenseRef-Llama-4",
    name: "Llama 4",
    dir: "llama4",
    released: "April 5, 2025",
    display: "Built with Llama",
    prefix: "Llama",
    extra: [...AUP_3_2_ON, EU_MULTIMODAL],
  },
];

function llama(v: Version): LicenseTerms {
  const license = `${REPO}/${v.dir}/LICENSE`;
  const policy = `${REPO}/${v.dir}/USE_POLICY.md`;
  const licenseName = v.name === "Llama 2" ? "LLAMA 2 Community License" : `${v.name} Community License`;
  const owner = v.name === "Llama 2" ? "Copyright (c) Meta Platforms, Inc." : "Copyright © Meta Platforms, Inc.";
  return {
    id: v.key,
    name: `${v.name} Community License Agreement`,
    url: license,
    kind: "ml-community",
    permissions: ["commercial-use", "modifications", "distribution", "private-use"],
    conditions: ["include-copyright", "pass-on-use-restrictions", ...(v.prefix ? (["name-prefix"] as const) : [])],
    limitations: ["trademark-use", "liability", "warranty"],
    useRestrictions: [
      ...AUP_COMMON,
      ...(v.extra ?? []),
      ...(v.noImprovingOthers
        ? [
            `use the Llama Materials or their outputs to improve any other large language model (excluding ${v.noImprovingOthers} and its derivatives) (license §1.b.v)`,
          ]
        : []),
    ],
    ...(v.display ? { attributionNotice: v.display } : {}),
    noticeText: `${v.name} is licensed under the ${licenseName}, ${owner} All Rights Reserved.`,
    ...(v.prefix
      ? {
          namingRule: `A distributed AI model created, trained or fine-tuned with ${v.name} or its outputs must have a name that begins with "${v.prefix}".`,
          namePrefix: v.prefix,
        }
      : {}),
    userThreshold: {
      monthlyActiveUsers: 700_000_000,
      requires: `a separate license from Meta if the licensee's products or services had more than 700 million monthly active users in the calendar month before ${v.released}`,
    },
    derivativesStayUnder: v.key,
    commercial: true,
    shareAlike: false,
    noDerivatives: false,
    notes: [
      "Distributing the materials or a derivative requires giving a copy of this agreement (§1.b.i); derivatives therefore stay under these terms.",
      "Licenses terminate for anyone who sues Meta alleging that the materials infringe their IP (§5.c).",
    ],
    sources: [license, policy],
  };
}

export const LLAMA_TERMS: LicenseTerms[] = VERSIONS.map(llama);
