import type { LicenseTerms } from "./schema.js";

/**
 * Gemma Terms of Use (https://ai.google.dev/gemma/terms) and the research-only licenses on the Hub list. The
 * research licenses are summarised from their headline terms only and carry a `review` reason saying so.
 */
export const GEMMA: LicenseTerms = {
  id: "LicenseRef-Gemma",
  name: "Gemma Terms of Use",
  url: "https://ai.google.dev/gemma/terms",
  kind: "ml-community",
  permissions: ["commercial-use", "modifications", "distribution", "private-use"],
  conditions: ["include-copyright", "document-changes", "pass-on-use-restrictions"],
  limitations: ["trademark-use", "liability", "warranty"],
  // Gemma Prohibited Use Policy (https://ai.google.dev/gemma/prohibited_use_policy), incorporated by §3.2.
  useRestrictions: [
    "generate content that infringes, misappropriates or otherwise violates anyone's rights",
    "facilitate or promote illegal activities, including child sexual abuse or exploitation, illegal substances, goods or services, and terrorism or violent extremism",
    "abuse, harm, interfere with or disrupt services (spam, malware, circumventing access or security)",
    "override or circumvent safety filters, or intentionally drive Gemma or Model Derivatives to act against the policy",
    "generate content that may harm or promote harm to people (hatred, harassment, violence, self-harm)",
    "engage in misinformation, misrepresentation or misleading activity (fraud, impersonation without disclosure, claiming generated content is human-made, misleading claims of expertise in sensitive domains)",
    "make automated decisions that affect material or individual rights or well-being (finance, legal, employment, healthcare, housing, insurance, social welfare)",
    "generate sexually explicit content, except for scientific, educational, documentary or artistic purposes",
  ],
  noticeText: "Gemma is provided under and subject to the Gemma Terms of Use found at ai.google.dev/gemma/terms",
  derivativesStayUnder: "LicenseRef-Gemma",
  commercial: true,
  shareAlike: false,
  noDerivatives: false,
  notes: [
    "Model Derivatives include models trained on Gemma's outputs or distilled from it (§1.1(e)); they must carry the §3.2 use restrictions as an enforceable provision, and recipients get a copy of the terms (§3.1).",
    "Google may restrict usage it reasonably believes violates the terms, remotely or otherwise (§3.2).",
    "Gemma 4 models are published under Apache-2.0, not under these terms; check the model card.",
  ],
  sources: ["https://ai.google.dev/gemma/terms", "https://ai.google.dev/gemma/prohibited_use_policy"],
};

function researchOnly(id: string, name: string, url: string, source: string, review: string): LicenseTerms {
  return {
    id,
    name,
    url,
    kind: "proprietary-ish",
    permissions: ["modifications", "private-use"],
    conditions: ["include-copyright"],
    limitations: ["trademark-use", "liability", "warranty"],
    useRestrictions: ["any commercial use: the license is for non-commercial research only"],
    commercial: false,
    shareAlike: false,
    noDerivatives: false,
    review,
    sources: [source],
  };
}

export const VENDOR_TERMS: LicenseTerms[] = [
  GEMMA,
  researchOnly(
    "LicenseRef-DeepFloyd-IF",
    "DeepFloyd IF Research License Agreement",
    "https://huggingface.co/spaces/DeepFloyd/deepfloyd-if-license",
    "https://huggingface.co/spaces/DeepFloyd/deepfloyd-if-license",
    "Summarised as non-commercial research use only; read the agreement for redistribution and derivative terms.",
  ),
  researchOnly(
    "LicenseRef-FAIR-Noncommercial-Research",
    "FAIR Noncommercial Research License",
    "https://huggingface.co/facebook/fair-noncommercial-research-license/blob/main/LICENSE",
    "https://huggingface.co/facebook/fair-noncommercial-research-license/blob/main/LICENSE",
    "Summarised as non-commercial research use only; read the license for redistribution, acceptable-use and derivative terms.",
  ),
  researchOnly(
    "LicenseRef-Apple-AMLR",
    "Apple Model License for Research",
    "https://huggingface.co/apple/deeplabv3-mobilevit-small/blob/main/LICENSE",
    "https://huggingface.co/apple/deeplabv3-mobilevit-small/blob/main/LICENSE",
    "Summarised as non-commercial research use only; read the license for redistribution and derivative terms.",
  ),
  researchOnly(
    "LicenseRef-Intel-Research",
    "Intel Research Use License Agreement",
    "https://huggingface.co/OpenVINO/Llama-3.1-8B-Instruct-FastDraft-150M-int8-ov/blob/main/LICENSE.md",
    "https://huggingface.co/OpenVINO/Llama-3.1-8B-Instruct-FastDraft-150M-int8-ov/blob/main/LICENSE.md",
    "Summarised as research use only; read the agreement for redistribution and derivative terms.",
  ),
  researchOnly(
    "LicenseRef-H-Research",
    "H Research License",
    "https://huggingface.co/Hcompany/Holo1-3B/blob/main/LICENSE",
    "https://huggingface.co/Hcompany/Holo1-3B/blob/main/LICENSE",
    "Summarised as research use only; read the license for its exact grant.",
  ),
  {
    id: "LicenseRef-Apple-ASCL",
    name: "Apple Sample Code License",
    url: "https://developer.apple.com/support/downloads/terms/apple-sample-code/Apple-Sample-Code-License.pdf",
    kind: "permissive",
    permissions: ["commercial-use", "modifications", "distribution", "private-use"],
    conditions: ["include-copyright"],
    limitations: ["trademark-use", "liability", "warranty", "patent-use"],
    commercial: true,
    shareAlike: false,
    noDerivatives: false,
    review:
      "Summarised as a permissive license that keeps Apple's notice on unmodified redistributions and grants no patent or trademark rights.",
    sources: ["https://developer.apple.com/support/downloads/terms/apple-sample-code/Apple-Sample-Code-License.pdf"],
  },
];
