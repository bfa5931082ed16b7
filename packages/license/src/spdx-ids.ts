import deprecated from "spdx-license-ids/deprecated.json" with { type: "json" };
import ids from "spdx-license-ids/index.json" with { type: "json" };

/** The SPDX License List ids (spdx-license-ids 3.0.24), the vocabulary spdx-expression-parse accepts. */
export const SPDX_LICENSE_IDS: readonly string[] = ids;
export const SPDX_DEPRECATED_IDS: readonly string[] = deprecated;

/** SPDX ids are case-insensitive for matching (SPDX spec 3.0, Annex B "Case sensitivity"); we print the list's case. */
export const SPDX_ID_BY_LOWER: ReadonlyMap<string, string> = new Map([...deprecated, ...ids].map((id) => [id.toLowerCase(), id] as const));

/**
 * The GNU ids deprecated in SPDX 3.0 meant "this version only"; with `+` they meant "or later". We write the current
 * ids so that one license has one spelling (https://spdx.dev/license-list-3-0-released/ deprecates them).
 */
export function replaceDeprecatedGnu(id: string, plus: boolean): string | undefined {
  if (!/^(?:A?GPL|LGPL|GFDL)-\d\.\d$/.test(id)) return undefined;
  return `${id}-${plus ? "or-later" : "only"}`;
}
