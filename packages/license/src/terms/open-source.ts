import type { LicenseTerms } from "./schema.js";

// Permissions, conditions and limitations follow choosealicense.com's _licenses/*.txt front matter for each license
// (https://github.com/github/choosealicense.com/tree/gh-pages/_licenses), which is what GitHub shows. Where
// choosealicense has no page, the SPDX text is the source and the entry says so.

const CAL = "https://choosealicense.com/licenses";
const SPDX = "https://spdx.org/licenses";
const ALL_FOUR = ["commercial-use", "modifications", "distribution", "private-use"] as const;
const WITH_PATENTS = [...ALL_FOUR, "patent-use"] as const;

function permissive(id: string, name: string, slug: string | undefined, extra: Partial<LicenseTerms> = {}): LicenseTerms {
  return {
    id,
    name,
    url: `${SPDX}/${id}.html`,
    kind: "permissive",
    permissions: [...ALL_FOUR],
    conditions: ["include-copyright"],
    limitations: ["liability", "warranty"],
    commercial: true,
    shareAlike: false,
    noDerivatives: false,
    sources: slug ? [`${CAL}/${slug}/`, `${SPDX}/${id}.html`] : [`${SPDX}/${id}.html`],
    ...extra,
  };
}

/**
 * GNU licenses come as -only and -or-later. Both grant the same terms today; -or-later also lets the licensee pick a
 * later version, which spdx-satisfies understands when we check whether an output carries the license.
 */
function gnu(base: string, name: string, slug: string, terms: Omit<LicenseTerms, "id" | "name" | "url" | "sources">): LicenseTerms[] {
  return (["only", "or-later"] as const).map((variant) => ({
    id: `${base}-${variant}`,
    name: `${name} ${variant === "only" ? "only" : "or later"}`,
    url: `${SPDX}/${base}-${variant}.html`,
    sources: [`${CAL}/${slug}/`, `${SPDX}/${base}-${variant}.html`],
    ...terms,
  }));
}

const GPL_LIMITS = ["liability", "warranty"] as const;

export const OPEN_SOURCE_TERMS: LicenseTerms[] = [
  permissive("MIT", "MIT License", "mit"),
  permissive("ISC", "ISC License", "isc"),
  permissive("BSD-2-Clause", 'BSD 2-Clause "Simplified" License', "bsd-2-clause"),
  permissive("BSD-3-Clause", 'BSD 3-Clause "New" or "Revised" License', "bsd-3-clause", {
    notes: ["Neither the licensor's name nor contributors' names may be used to endorse derived products."],
  }),
  permissive("BSD-3-Clause-Clear", "BSD 3-Clause Clear License", "bsd-3-clause-clear", {
    limitations: ["liability", "warranty", "patent-use"],
  }),
  permissive("Apache-2.0", "Apache License 2.0", "apache-2.0", {
    permissions: [...WITH_PATENTS],
    conditions: ["include-copyright", "document-changes"],
    limitations: ["trademark-use", "liability", "warranty"],
    notes: ["Keep any NOTICE file's attribution notices in derivative works (section 4(d))."],
  }),
  permissive("ECL-2.0", "Educational Community License v2.0", "ecl-2.0", {
    permissions: [...WITH_PATENTS],
    conditions: ["include-copyright", "document-changes"],
    limitations: ["trademark-use", "liability", "warranty"],
  }),
  permissive("AFL-3.0", "Academic Free License v3.0", "afl-3.0", {
    permissions: [...WITH_PATENTS],
    conditions: ["include-copyright", "document-changes"],
    limitations: ["trademark-use", "liability", "warranty"],
  }),
  permissive("Artistic-2.0", "Artistic License 2.0", "artistic-2.0", {
    permissions: [...WITH_PATENTS],
    conditions: ["include-copyright", "document-changes"],
    limitations: ["trademark-use", "liability", "warranty"],
  }),
  permissive("BSL-1.0", "Boost Software License 1.0", "bsl-1.0", { conditions: ["include-copyright--source"] }),
  permissive("MS-PL", "Microsoft Public License", "ms-pl", {
    permissions: [...WITH_PATENTS],
    limitations: ["trademark-use", "warranty"],
    notes: ["Source code may be distributed only under this license (section 3(C))."],
  }),
  permissive("NCSA", "University of Illinois/NCSA Open Source License", "ncsa", {
    conditions: ["include-copyright", "include-copyright--source"],
  }),
  permissive("PostgreSQL", "PostgreSQL License", "postgresql"),
  permissive("Zlib", "zlib License", "zlib", { conditions: ["include-copyright--source", "document-changes"] }),
  permissive("WTFPL", "Do What The F*ck You Want To Public License", "wtfpl", { conditions: [], limitations: [] }),
  permissive("LPPL-1.3c", "LaTeX Project Public License v1.3c", "lppl-1.3c", {
    conditions: ["include-copyright", "document-changes", "disclose-source"],
    notes: ["Modified files must be renamed or clearly marked as changed (section 6)."],
  }),
  permissive("etalab-2.0", "Etalab Open License 2.0", undefined, {
    url: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    sources: ["https://www.etalab.gouv.fr/licence-ouverte-open-licence/", `${SPDX}/etalab-2.0.html`],
    notes: ["Reuse must credit the source and the date of its last update."],
  }),
  permissive("Unlicense", "The Unlicense", "unlicense", { kind: "public-domain", conditions: [] }),
  permissive("CC0-1.0", "Creative Commons Zero v1.0 Universal", "cc0-1.0", {
    kind: "public-domain",
    url: "https://creativecommons.org/publicdomain/zero/1.0/legalcode",
    conditions: [],
    limitations: ["liability", "trademark-use", "patent-use", "warranty"],
    sources: [`${CAL}/cc0-1.0/`, "https://creativecommons.org/publicdomain/zero/1.0/legalcode"],
  }),
  permissive("OpenMDW-1.0", "Open Model, Data & Weights License Agreement 1.0", undefined, {
    url: "https://openmdw.ai/license/1-0/",
    permissions: [...WITH_PATENTS],
    sources: ["https://openmdw.ai/license/1-0/", `${SPDX}/OpenMDW-1.0.html`],
    review: "Summarised as a permissive license with a patent grant; read the agreement before relying on it.",
  }),
  permissive("LicenseRef-OpenMDW-1.1", "Open Model, Data & Weights License Agreement 1.1", undefined, {
    url: "https://openmdw.ai/license/1-1/",
    permissions: [...WITH_PATENTS],
    sources: ["https://openmdw.ai/license/1-1/"],
    review: "Not yet on the SPDX list; summarised like OpenMDW 1.0. Read the agreement before relying on it.",
  }),
  permissive("LicenseRef-BSD-family", "BSD license family (version not given)", undefined, {
    url: `${CAL}/bsd-3-clause/`,
    sources: [`${CAL}/bsd-2-clause/`, `${CAL}/bsd-3-clause/`],
    review: "The Hub id `bsd` names a family; variants differ (the 4-clause one adds an advertising clause).",
  }),
  // Weak copyleft: changes to the licensed files (MPL, EPL) or library (LGPL) stay under the license.
  {
    id: "MPL-2.0",
    name: "Mozilla Public License 2.0",
    url: `${SPDX}/MPL-2.0.html`,
    kind: "weak-copyleft",
    permissions: [...WITH_PATENTS],
    conditions: ["disclose-source", "include-copyright", "same-license--file"],
    limitations: ["liability", "trademark-use", "warranty"],
    // MPL-2.0 §3.3: a Larger Work may be distributed under a "Secondary License" (GPL-2.0+, LGPL-2.1+, AGPL-3.0+).
    shareAlikeCompatible: ["GPL-2.0-or-later", "LGPL-2.1-or-later", "AGPL-3.0-or-later"],
    commercial: true,
    shareAlike: true,
    noDerivatives: false,
    sources: [`${CAL}/mpl-2.0/`, "https://www.mozilla.org/en-US/MPL/2.0/"],
  },
  {
    id: "EPL-1.0",
    name: "Eclipse Public License 1.0",
    url: `${SPDX}/EPL-1.0.html`,
    kind: "weak-copyleft",
    permissions: [...WITH_PATENTS],
    conditions: ["disclose-source", "include-copyright", "same-license"],
    limitations: ["liability", "warranty"],
    commercial: true,
    shareAlike: true,
    noDerivatives: false,
    sources: [`${CAL}/epl-1.0/`],
  },
  {
    id: "EPL-2.0",
    name: "Eclipse Public License 2.0",
    url: `${SPDX}/EPL-2.0.html`,
    kind: "weak-copyleft",
    permissions: [...WITH_PATENTS],
    conditions: ["disclose-source", "include-copyright", "same-license"],
    limitations: ["liability", "warranty", "trademark-use"],
    commercial: true,
    shareAlike: true,
    noDerivatives: false,
    sources: [`${CAL}/epl-2.0/`],
  },
  {
    id: "OFL-1.1",
    name: "SIL Open Font License 1.1",
    url: `${SPDX}/OFL-1.1.html`,
    kind: "weak-copyleft",
    permissions: [...ALL_FOUR],
    conditions: ["include-copyright", "same-license"],
    limitations: ["liability", "warranty"],
    commercial: true,
    shareAlike: true,
    noDerivatives: false,
    notes: ["The font may not be sold by itself; modified versions may not use Reserved Font Names."],
    sources: [`${CAL}/ofl-1.1/`],
  },
  {
    id: "LGPLLR",
    name: "Lesser General Public License For Linguistic Resources",
    url: `${SPDX}/LGPLLR.html`,
    kind: "weak-copyleft",
    permissions: [...ALL_FOUR],
    conditions: ["include-copyright", "disclose-source", "same-license--library"],
    limitations: ["liability", "warranty"],
    commercial: true,
    shareAlike: true,
    noDerivatives: false,
    review: "Summarised from the SPDX text as LGPL-like weak copyleft for linguistic resources.",
    sources: [`${SPDX}/LGPLLR.html`],
  },
  ...gnu("LGPL-2.1", "GNU Lesser General Public License v2.1", "lgpl-2.1", {
    kind: "weak-copyleft",
    permissions: [...ALL_FOUR],
    conditions: ["include-copyright", "disclose-source", "document-changes", "same-license--library"],
    limitations: [...GPL_LIMITS],
    // LGPL-2.1 §3: a copy may be relicensed under GPL-2.0 or later.
    shareAlikeCompatible: ["GPL-2.0-or-later"],
    commercial: true,
    shareAlike: true,
    noDerivatives: false,
  }),
  ...gnu("LGPL-3.0", "GNU Lesser General Public License v3.0", "lgpl-3.0", {
    kind: "weak-copyleft",
    permissions: [...WITH_PATENTS],
    conditions: ["include-copyright", "disclose-source", "document-changes", "same-license--library"],
    limitations: [...GPL_LIMITS],
    // LGPL-3.0 is GPL-3.0 plus additional permissions, so GPL-3.0 satisfies it.
    shareAlikeCompatible: ["GPL-3.0-or-later"],
    commercial: true,
    shareAlike: true,
    noDerivatives: false,
  }),
  ...gnu("GPL-2.0", "GNU General Public License v2.0", "gpl-2.0", {
    kind: "copyleft",
    permissions: [...ALL_FOUR],
    conditions: ["include-copyright", "document-changes", "disclose-source", "same-license"],
    limitations: [...GPL_LIMITS],
    commercial: true,
    shareAlike: true,
    noDerivatives: false,
  }),
  ...gnu("GPL-3.0", "GNU General Public License v3.0", "gpl-3.0", {
    kind: "copyleft",
    permissions: [...WITH_PATENTS],
    conditions: ["include-copyright", "document-changes", "disclose-source", "same-license"],
    limitations: [...GPL_LIMITS],
    commercial: true,
    shareAlike: true,
    noDerivatives: false,
  }),
  ...gnu("AGPL-3.0", "GNU Affero General Public License v3.0", "agpl-3.0", {
    kind: "copyleft",
    permissions: [...WITH_PATENTS],
    conditions: ["include-copyright", "document-changes", "disclose-source", "network-use-disclose", "same-license"],
    limitations: [...GPL_LIMITS],
    commercial: true,
    shareAlike: true,
    noDerivatives: false,
  }),
  {
    id: "EUPL-1.1",
    name: "European Union Public License 1.1",
    url: `${SPDX}/EUPL-1.1.html`,
    kind: "copyleft",
    permissions: [...WITH_PATENTS],
    conditions: ["include-copyright", "disclose-source", "document-changes", "network-use-disclose", "same-license"],
    limitations: ["trademark-use", "liability", "warranty"],
    commercial: true,
    shareAlike: true,
    noDerivatives: false,
    sources: [`${CAL}/eupl-1.1/`],
  },
  {
    id: "EUPL-1.2",
    name: "European Union Public License 1.2",
    url: `${SPDX}/EUPL-1.2.html`,
    kind: "copyleft",
    permissions: [...WITH_PATENTS],
    conditions: ["include-copyright", "disclose-source", "document-changes", "network-use-disclose", "same-license"],
    limitations: ["trademark-use", "liability", "warranty"],
    // EUPL-1.2 Appendix: derivatives may be distributed under the listed compatible licenses.
    shareAlikeCompatible: ["GPL-2.0-only", "GPL-3.0-only", "AGPL-3.0-only", "OSL-3.0", "EPL-1.0", "MPL-2.0", "LGPL-2.1-only", "LGPL-3.0-only", "CC-BY-SA-3.0"],
    commercial: true,
    shareAlike: true,
    noDerivatives: false,
    sources: [`${CAL}/eupl-1.2/`, `${SPDX}/EUPL-1.2.html`],
  },
  {
    id: "OSL-3.0",
    name: "Open Software License 3.0",
    url: `${SPDX}/OSL-3.0.html`,
    kind: "copyleft",
    permissions: [...WITH_PATENTS],
    conditions: ["include-copyright", "disclose-source", "document-changes", "network-use-disclose", "same-license"],
    limitations: ["trademark-use", "liability", "warranty"],
    commercial: true,
    shareAlike: true,
    noDerivatives: false,
    sources: [`${CAL}/osl-3.0/`],
  },
  {
    id: "LicenseRef-GPL-family",
    name: "GNU General Public License family (version not given)",
    url: "https://www.gnu.org/licenses/licenses.html",
    kind: "copyleft",
    permissions: [...ALL_FOUR],
    conditions: ["include-copyright", "document-changes", "disclose-source", "same-license"],
    limitations: [...GPL_LIMITS],
    commercial: true,
    shareAlike: true,
    noDerivatives: false,
    review: "The Hub id `gpl` names no version; GPL-2.0-only and GPL-3.0 are incompatible with each other.",
    sources: [`${CAL}/gpl-2.0/`, `${CAL}/gpl-3.0/`],
  },
  {
    id: "LicenseRef-LGPL-family",
    name: "GNU Lesser General Public License family (version not given)",
    url: "https://www.gnu.org/licenses/licenses.html",
    kind: "weak-copyleft",
    permissions: [...ALL_FOUR],
    conditions: ["include-copyright", "disclose-source", "document-changes", "same-license--library"],
    limitations: [...GPL_LIMITS],
    commercial: true,
    shareAlike: true,
    noDerivatives: false,
    review: "The Hub id `lgpl` names no version.",
    sources: [`${CAL}/lgpl-2.1/`, `${CAL}/lgpl-3.0/`],
  },
  {
    id: "LicenseRef-GFDL-family",
    name: "GNU Free Documentation License family (version not given)",
    url: "https://www.gnu.org/licenses/fdl-1.3.html",
    kind: "copyleft",
    permissions: [...ALL_FOUR],
    conditions: ["include-copyright", "document-changes", "disclose-source", "same-license"],
    limitations: ["warranty"],
    commercial: true,
    shareAlike: true,
    noDerivatives: false,
    review: "The Hub id `gfdl` names no version, and invariant sections change what may be modified.",
    sources: ["https://www.gnu.org/licenses/fdl-1.3.html", `${SPDX}/GFDL-1.3-or-later.html`],
  },
];
