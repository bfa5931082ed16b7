import { SPDX_LICENSE_IDS } from "../spdx-ids.js";
import type { LicenseTerms } from "./schema.js";

/**
 * Every Creative Commons BY license on the SPDX list, derived from its License Elements (BY, NC, ND, SA), because the
 * elements decide the terms: https://creativecommons.org/licenses/ ("About CC Licenses"). Generating them from one
 * rule keeps 2.0/2.5/3.0/4.0 and the ported versions consistent instead of 60 hand-copied entries.
 */
const CC_ID = /^CC-BY(-NC)?(-ND|-SA)?-(\d\.\d)(?:-([A-Z]{2,3}))?$/;
const AI_TRAINING_GUIDE = "https://creativecommons.org/using-cc-licensed-works-for-ai-training-2/";

function parts(id: string) {
  const match = CC_ID.exec(id);
  if (!match) return undefined;
  return { nc: match[1] !== undefined, nd: match[2] === "-ND", sa: match[2] === "-SA", version: match[3] as string, port: match[4] };
}

function legalcode(id: string): string {
  const p = parts(id)!;
  let slug = `by${p.nc ? "-nc" : ""}${p.nd ? "-nd" : ""}${p.sa ? "-sa" : ""}`;
  // Version 1.0 spelled the NoDerivs-NonCommercial license "by-nd-nc".
  if (p.version === "1.0" && p.nc && p.nd) slug = "by-nd-nc";
  const port = p.port ? `${p.port.toLowerCase()}/` : "";
  return `https://creativecommons.org/licenses/${slug}/${p.version}/${port}legalcode${p.version === "4.0" ? ".en" : ""}`;
}

/**
 * ShareAlike accepts "a later version of this License with the same License Elements" and ported versions of them
 * from 2.0 on (BY-SA 2.0 §4(b), 3.0 §4(b), 4.0 §3(b)(1)); 1.0 accepts only itself. CC declared GPL-3.0 a one-way
 * compatible license for BY-SA 4.0 (https://creativecommons.org/share-your-work/licensing-considerations/compatible-licenses/).
 */
function shareAlikeCompatible(id: string): string[] {
  const own = parts(id)!;
  if (own.version === "1.0") return [];
  const same = SPDX_LICENSE_IDS.filter((other) => {
    const p = parts(other);
    return p !== undefined && other !== id && p.nc === own.nc && p.sa && p.version >= own.version && p.version !== "1.0";
  });
  if (!own.nc && own.version === "4.0" && !own.port) same.push("GPL-3.0-only", "GPL-3.0-or-later");
  return same;
}

function ccTerms(id: string): LicenseTerms {
  const p = parts(id)!;
  const elements = ["Attribution", p.nc ? "NonCommercial" : "", p.nd ? "NoDerivatives" : "", p.sa ? "ShareAlike" : ""].filter(Boolean);
  const url = legalcode(id);
  const notes = [
    "Whether training a model is an adaptation of the material is unsettled; where a copyright exception (text and data mining, fair use) covers training, the license conditions may not apply. See Creative Commons' guide on AI training.",
  ];
  if (p.nc)
    notes.push("NonCommercial: not primarily intended for or directed towards commercial advantage or monetary compensation (4.0 §1(i)).");
  if (p.nd) notes.push("NoDerivatives: adaptations may be made for yourself but not shared (4.0 §2(a)(1)(B)).");
  const chooseALicense =
    !p.port && p.version === "4.0" && !p.nc && !p.nd ? [`https://choosealicense.com/licenses/${p.sa ? "cc-by-sa-4.0" : "cc-by-4.0"}/`] : [];
  return {
    id,
    name: `Creative Commons ${elements.join("-")} ${p.version}${p.port ? ` ${p.port}` : ""}`,
    url,
    kind: "creative-commons",
    permissions: [...(p.nc ? [] : ["commercial-use" as const]), ...(p.nd ? [] : ["modifications" as const]), "distribution", "private-use"],
    conditions: ["include-copyright", "document-changes", ...(p.sa ? ["same-license" as const] : [])],
    limitations: ["liability", "trademark-use", "patent-use", "warranty"],
    attributionNotice:
      "Credit the creator, keep the copyright, license and disclaimer notices, link the license and the material, and say whether you changed it",
    ...(p.sa ? { shareAlikeCompatible: shareAlikeCompatible(id) } : {}),
    commercial: !p.nc,
    shareAlike: p.sa,
    noDerivatives: p.nd,
    notes,
    sources: [url, ...chooseALicense, "https://creativecommons.org/licenses/", AI_TRAINING_GUIDE],
  };
}

export const CREATIVE_COMMONS_TERMS: LicenseTerms[] = SPDX_LICENSE_IDS.filter((id) => CC_ID.test(id)).map(ccTerms);
