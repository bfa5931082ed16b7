import type { LicenseTerms } from "./schema.js";

/**
 * Responsible AI Licenses. All of them grant Apache-like rights (royalty-free, commercial use, a patent grant) on
 * the condition that the use restrictions of Attachment A travel with every copy and every derivative: "Use-based
 * restrictions as referenced in paragraph 5 MUST be included as an enforceable provision by You in any type of legal
 * agreement (e.g. a license) governing the use and/or distribution of the Model or Derivatives of the Model" (§4(a)).
 * Derivatives may otherwise use different license terms (§4, last paragraph).
 */

// BigScience OpenRAIL-M, Attachment A (a)–(m), dated August 18, 2022.
const BIGSCIENCE_RESTRICTIONS = [
  "violate any applicable national, federal, state, local or international law or regulation",
  "exploit, harm or attempt to exploit or harm minors",
  "generate or disseminate verifiably false information with the purpose of harming others",
  "generate or disseminate personal identifiable information that can be used to harm an individual",
  "publish generated content without expressly and intelligibly disclaiming that it is machine generated",
  "defame, disparage or otherwise harass others",
  "impersonate or attempt to impersonate others (e.g. deepfakes) without their consent",
  "fully automated decision making that adversely impacts an individual's legal rights or creates or modifies a binding, enforceable obligation",
  "discriminate against or harm individuals or groups based on social behavior or known or predicted personal or personality characteristics",
  "exploit the vulnerabilities of a specific group of persons based on age, social, physical or mental characteristics to materially distort their behavior in a harmful way",
  "discriminate against individuals or groups based on legally protected characteristics or categories",
  "provide medical advice and medical results interpretation",
  "generate or disseminate information for the administration of justice, law enforcement, immigration or asylum processes, such as predicting that an individual will commit fraud or crime",
];

// CreativeML OpenRAIL-M, Attachment A: the BigScience list without the machine-generated disclaimer and
// impersonation items (https://github.com/CompVis/stable-diffusion/blob/main/LICENSE).
const CREATIVEML_RESTRICTIONS = BIGSCIENCE_RESTRICTIONS.filter((line) => !/machine generated|impersonate/.test(line));

const RAIL_PERMISSIONS = ["commercial-use", "modifications", "distribution", "private-use", "patent-use"] as const;
const RAIL_CONDITIONS = ["include-copyright", "document-changes", "pass-on-use-restrictions"] as const;
const RAIL_LIMITATIONS = ["trademark-use", "liability", "warranty"] as const;
const RAIL_NOTES = [
  "Derivatives (including models distilled from the model's outputs) must carry these use restrictions as an enforceable provision and give recipients a copy of the license.",
  "The licensor may restrict usage remotely that violates the license, and asks users to run the latest version (§7).",
];

function rail(id: string, name: string, url: string, useRestrictions: string[], extra: Partial<LicenseTerms> = {}): LicenseTerms {
  return {
    id,
    name,
    url,
    kind: "ml-responsible",
    permissions: [...RAIL_PERMISSIONS],
    conditions: [...RAIL_CONDITIONS],
    limitations: [...RAIL_LIMITATIONS],
    useRestrictions,
    commercial: true,
    shareAlike: false,
    noDerivatives: false,
    notes: RAIL_NOTES,
    sources: [url, "https://huggingface.co/blog/open_rail", "https://www.licenses.ai/ai-licenses"],
    ...extra,
  };
}

export const RAIL_TERMS: LicenseTerms[] = [
  rail(
    "LicenseRef-BigScience-OpenRAIL-M",
    "BigScience OpenRAIL-M",
    "https://www.licenses.ai/blog/2022/8/26/bigscience-open-rail-m-license",
    BIGSCIENCE_RESTRICTIONS,
    {
      sources: [
        "https://www.licenses.ai/blog/2022/8/26/bigscience-open-rail-m-license",
        "https://bigscience.huggingface.co/blog/bigscience-openrail-m",
      ],
    },
  ),
  rail(
    "LicenseRef-BigScience-BLOOM-RAIL-1.0",
    "BigScience BLOOM RAIL 1.0",
    "https://huggingface.co/spaces/bigscience/license",
    BIGSCIENCE_RESTRICTIONS,
    {
      sources: ["https://huggingface.co/spaces/bigscience/license", "https://bigscience.huggingface.co/blog/the-bigscience-rail-license"],
      review:
        "Use restrictions taken from BigScience OpenRAIL-M, which was adapted from this license; compare with Attachment A of the BLOOM text.",
    },
  ),
  rail(
    "LicenseRef-CreativeML-OpenRAIL-M",
    "CreativeML OpenRAIL-M",
    "https://huggingface.co/spaces/CompVis/stable-diffusion-license",
    CREATIVEML_RESTRICTIONS,
    {
      sources: [
        "https://huggingface.co/spaces/CompVis/stable-diffusion-license",
        "https://github.com/CompVis/stable-diffusion/blob/main/LICENSE",
      ],
    },
  ),
  rail(
    "LicenseRef-OpenRAIL-PlusPlus-M",
    "CreativeML Open RAIL++-M",
    "https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0/blob/main/LICENSE.md",
    CREATIVEML_RESTRICTIONS,
    { review: "Use restrictions taken from CreativeML OpenRAIL-M; compare with Attachment A of the RAIL++-M text." },
  ),
  rail(
    "LicenseRef-BigCode-OpenRAIL-M",
    "BigCode Open RAIL-M v1",
    "https://www.bigcode-project.org/docs/pages/bigcode-openrail/",
    [
      ...BIGSCIENCE_RESTRICTIONS.filter((line) => !/machine generated/.test(line)),
      "generate or disseminate malware (including ransomware) or other content meant to harm electronic systems",
    ],
    {
      sources: [
        "https://www.bigcode-project.org/docs/pages/bigcode-openrail/",
        "https://huggingface.co/spaces/bigcode/bigcode-model-license-agreement",
      ],
      review:
        "Use restrictions summarised from the BigScience template plus the malware item; compare with Attachment A of the BigCode text.",
    },
  ),
  rail(
    "LicenseRef-OpenRAIL-M",
    "OpenRAIL-M (generic)",
    "https://www.licenses.ai/ai-licenses",
    ["the use restrictions in Attachment A of the model's own OpenRAIL-M license"],
    {
      review: "OpenRAIL-M is a template; each licensor writes its own Attachment A. Read the model's license for its restrictions.",
    },
  ),
  rail(
    "LicenseRef-OpenRAIL",
    "OpenRAIL license family",
    "https://huggingface.co/blog/open_rail",
    ["the use restrictions of the model's own OpenRAIL license"],
    {
      review: "The Hub id `openrail` names a family (OpenRAIL-M, -S, -A, -D); read the repository's license for its restrictions.",
    },
  ),
];
