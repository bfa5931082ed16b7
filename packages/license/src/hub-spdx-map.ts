import { type HubLicenseId, isHubLicenseId } from "./hub-licenses.js";

/**
 * The Hub id ↔ SPDX vocabulary map. Where SPDX has an id we use it. Where it has none (the ML licenses, and the Hub's
 * "family" ids) we use a `LicenseRef-` of our own, spelled as the license names itself; SPDX 2.3 §10.1 allows any
 * LicenseRef-[idstring] for licenses not on its list. `unknown` and `other` name no license and map to nothing.
 *
 * The Hub's gpl-2.0, gpl-3.0, lgpl-2.1, lgpl-3.0 and agpl-3.0 come from choosealicense, whose SPDX ids for them
 * are the pre-3.0 "GPL-3.0" style that SPDX defines as "-only". We keep that meaning: it is also the cautious one,
 * since "-only" grants less than "-or-later".
 */
export const HUB_TO_SPDX: Readonly<Record<Exclude<HubLicenseId, "unknown" | "other">, string>> = {
  "apache-2.0": "Apache-2.0",
  mit: "MIT",
  openrail: "LicenseRef-OpenRAIL",
  "bigscience-openrail-m": "LicenseRef-BigScience-OpenRAIL-M",
  "creativeml-openrail-m": "LicenseRef-CreativeML-OpenRAIL-M",
  "bigscience-bloom-rail-1.0": "LicenseRef-BigScience-BLOOM-RAIL-1.0",
  "bigcode-openrail-m": "LicenseRef-BigCode-OpenRAIL-M",
  "afl-3.0": "AFL-3.0",
  "artistic-2.0": "Artistic-2.0",
  "bsl-1.0": "BSL-1.0",
  bsd: "LicenseRef-BSD-family",
  "bsd-2-clause": "BSD-2-Clause",
  "bsd-3-clause": "BSD-3-Clause",
  "bsd-3-clause-clear": "BSD-3-Clause-Clear",
  "c-uda": "C-UDA-1.0",
  cc: "LicenseRef-CC-family",
  "cc0-1.0": "CC0-1.0",
  "cc-by-2.0": "CC-BY-2.0",
  "cc-by-2.5": "CC-BY-2.5",
  "cc-by-3.0": "CC-BY-3.0",
  "cc-by-4.0": "CC-BY-4.0",
  "cc-by-sa-3.0": "CC-BY-SA-3.0",
  "cc-by-sa-4.0": "CC-BY-SA-4.0",
  "cc-by-nc-2.0": "CC-BY-NC-2.0",
  "cc-by-nc-3.0": "CC-BY-NC-3.0",
  "cc-by-nc-4.0": "CC-BY-NC-4.0",
  "cc-by-nd-4.0": "CC-BY-ND-4.0",
  "cc-by-nc-nd-3.0": "CC-BY-NC-ND-3.0",
  "cc-by-nc-nd-4.0": "CC-BY-NC-ND-4.0",
  "cc-by-nc-sa-2.0": "CC-BY-NC-SA-2.0",
  "cc-by-nc-sa-3.0": "CC-BY-NC-SA-3.0",
  "cc-by-nc-sa-4.0": "CC-BY-NC-SA-4.0",
  "cdla-sharing-1.0": "CDLA-Sharing-1.0",
  "cdla-permissive-1.0": "CDLA-Permissive-1.0",
  "cdla-permissive-2.0": "CDLA-Permissive-2.0",
  wtfpl: "WTFPL",
  "ecl-2.0": "ECL-2.0",
  "epl-1.0": "EPL-1.0",
  "epl-2.0": "EPL-2.0",
  "etalab-2.0": "etalab-2.0",
  "eupl-1.1": "EUPL-1.1",
  "eupl-1.2": "EUPL-1.2",
  "agpl-3.0": "AGPL-3.0-only",
  gfdl: "LicenseRef-GFDL-family",
  gpl: "LicenseRef-GPL-family",
  "gpl-2.0": "GPL-2.0-only",
  "gpl-3.0": "GPL-3.0-only",
  lgpl: "LicenseRef-LGPL-family",
  "lgpl-2.1": "LGPL-2.1-only",
  "lgpl-3.0": "LGPL-3.0-only",
  isc: "ISC",
  "h-research": "LicenseRef-H-Research",
  "intel-research": "LicenseRef-Intel-Research",
  "lppl-1.3c": "LPPL-1.3c",
  "ms-pl": "MS-PL",
  "apple-ascl": "LicenseRef-Apple-ASCL",
  "apple-amlr": "LicenseRef-Apple-AMLR",
  "mpl-2.0": "MPL-2.0",
  "odc-by": "ODC-By-1.0",
  odbl: "ODbL-1.0",
  "openmdw-1.0": "OpenMDW-1.0",
  "openmdw-1.1": "LicenseRef-OpenMDW-1.1",
  "openrail++": "LicenseRef-OpenRAIL-PlusPlus-M",
  "osl-3.0": "OSL-3.0",
  postgresql: "PostgreSQL",
  "ofl-1.1": "OFL-1.1",
  ncsa: "NCSA",
  unlicense: "Unlicense",
  zlib: "Zlib",
  pddl: "PDDL-1.0",
  "lgpl-lr": "LGPLLR",
  "deepfloyd-if-license": "LicenseRef-DeepFloyd-IF",
  "fair-noncommercial-research-license": "LicenseRef-FAIR-Noncommercial-Research",
  llama2: "LicenseRef-Llama-2",
  llama3: "LicenseRef-Llama-3",
  "llama3.1": "LicenseRef-Llama-3.1",
  "llama3.2": "LicenseRef-Llama-3.2",
  "llama3.3": "LicenseRef-Llama-3.3",
  llama4: "LicenseRef-Llama-4",
  "grok2-community": "LicenseRef-Grok-2-Community",
  gemma: "LicenseRef-Gemma",
};

/**
 * SPDX ids with no Hub id of their own, mapped to the nearest Hub id. Lossy on purpose: the Hub cannot say
 * "or later", so a GPL-3.0-or-later model is listed as gpl-3.0, which the Hub reads as the narrower grant.
 */
const EXTRA_TO_HUB: Readonly<Record<string, HubLicenseId>> = {
  "GPL-2.0-or-later": "gpl-2.0",
  "GPL-3.0-or-later": "gpl-3.0",
  "LGPL-2.1-or-later": "lgpl-2.1",
  "LGPL-3.0-or-later": "lgpl-3.0",
  "AGPL-3.0-or-later": "agpl-3.0",
  "LicenseRef-OpenRAIL-M": "openrail",
};

const SPDX_TO_HUB: ReadonlyMap<string, HubLicenseId> = new Map([
  ...Object.entries(HUB_TO_SPDX).map(([hub, spdx]) => [spdx.toLowerCase(), hub as HubLicenseId] as const),
  ...Object.entries(EXTRA_TO_HUB).map(([spdx, hub]) => [spdx.toLowerCase(), hub] as const),
]);

/** The SPDX id (or our LicenseRef) for a Hub id, matched case-insensitively; undefined for `unknown`, `other` and non-ids. */
export function toSpdx(hubId: string): string | undefined {
  const id = hubId.toLowerCase();
  if (!isHubLicenseId(id) || id === "unknown" || id === "other") return undefined;
  return HUB_TO_SPDX[id];
}

/**
 * The Hub id for a single SPDX id, LicenseRef or Hub id, matched case-insensitively. Undefined for expressions
 * (the Hub's `license:` field takes one id; a card shows a compound license as `other` with its name).
 */
export function toHubId(spdxOrHub: string): HubLicenseId | undefined {
  const text = spdxOrHub.trim();
  const lower = text.toLowerCase();
  if (isHubLicenseId(lower)) return lower;
  const direct = SPDX_TO_HUB.get(lower);
  if (direct) return direct;
  // "GPL-3.0+" is the old spelling of GPL-3.0-or-later.
  if (lower.endsWith("+")) return SPDX_TO_HUB.get(`${lower.slice(0, -1)}-or-later`) ?? SPDX_TO_HUB.get(lower.slice(0, -1));
  return undefined;
}
