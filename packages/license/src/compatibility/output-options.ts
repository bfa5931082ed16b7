import satisfies from "spdx-satisfies";
import { leafText } from "../expression.js";
import type { LicenseInfo } from "../identify.js";
import { type ResolvedLeaf, resolveAlternatives } from "../resolve-terms.js";
import type { LicenseTerms } from "../terms/schema.js";

/**
 * One way a recipient may take the released artifact. `A OR B` gives recipients a choice, so every option must
 * respect every input (the recipient may pick the weakest); `A AND B` is one option under both licenses.
 */
export interface OutputOption {
  leaves: ResolvedLeaf[];
  text: string;
  /** The option grants commercial use, or the artifact is sold. A license with no terms counts as granting it. */
  commercial: boolean;
  /** Some license in the option carries use restrictions. */
  restricted: boolean;
}

/**
 * Unknown output licenses are read at their worst for the inputs: granting commercial use and carrying nothing
 * along, so an unknown release license can only add conflicts, never hide one.
 */
export function outputOptions(license: LicenseInfo, sold: boolean): OutputOption[] {
  return resolveAlternatives(license).map((leaves) => ({
    leaves,
    text: leaves.map((l) => leafText(l.leaf)).join(" AND "),
    commercial: sold || leaves.every((l) => l.terms?.commercial ?? true),
    restricted: leaves.some((l) => (l.terms?.useRestrictions?.length ?? 0) > 0),
  }));
}

/** spdx-satisfies parses its arguments; a LicenseRef it cannot read simply does not satisfy. */
function satisfiesRange(output: string, input: string): boolean {
  try {
    return satisfies(output, [input]);
  } catch {
    return false;
  }
}

/**
 * Whether an option keeps an input's license: the same key, a license the input names as compatible (later versions
 * of a CC license, GPL-3.0 for BY-SA 4.0), or a version inside the input's "-or-later"/"+" range (spdx-satisfies).
 */
export function carries(option: OutputOption, input: LicenseTerms, inputLeaf: ResolvedLeaf): boolean {
  const range =
    inputLeaf.leaf.plus || inputLeaf.key.endsWith("-or-later") ? `${inputLeaf.key}${inputLeaf.leaf.plus ? "+" : ""}` : undefined;
  return option.leaves.some(
    (out) =>
      out.key === input.id ||
      (input.shareAlikeCompatible ?? []).includes(out.key) ||
      (range !== undefined && satisfiesRange(out.key, range)),
  );
}
