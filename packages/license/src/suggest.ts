import { HUB_LICENSE_IDS } from "./hub-licenses.js";
import { SPDX_LICENSE_IDS } from "./spdx-ids.js";
import { TERMS_LIST } from "./terms/table.js";

/**
 * Close matches for a license the parser refused, in the spirit of spdx-correct but without guessing: we only
 * suggest, because silently turning "GPL" into one particular GPL would choose a license for the user.
 */
const CANDIDATES: readonly string[] = [...new Set([...HUB_LICENSE_IDS, ...SPDX_LICENSE_IDS, ...TERMS_LIST.map((t) => t.id)])];
const COMPACT = CANDIDATES.map((id) => [id, compact(id)] as const);

/** "Apache License, Version 2.0", "apache-2.0" and "Apache-2.0" all become "apache2"; "GPLv3" becomes "gpl3". */
export function compact(text: string): string {
  return text
    .toLowerCase()
    .replace(/licen[cs]e|version|agreement|\bthe\b/g, "")
    .replace(/v(?=\d)/g, "")
    .replace(/(\d)\.0(?!\d)/g, "$1")
    .replace(/[^a-z0-9+]/g, "");
}

/** Edit distance with adjacent transpositions (optimal string alignment): "apahce" is one slip from "apache". */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      row[j] = best;
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/** Up to `limit` known ids close to `text`: same compact form first, then longer forms of it, then small typos. */
export function suggestLicenses(text: string, limit = 3): string[] {
  const query = compact(text.slice(0, 100));
  if (query.length < 2) return [];
  // Short words have too many one-letter neighbours to be worth suggesting.
  const typo = query.length < 5 ? 0 : Math.max(1, Math.floor(query.length / 4));
  const ranked = COMPACT.map(([id, form]) => {
    if (form === query) return { id, rank: 0 };
    if (form.startsWith(query) && query.length >= 3 && form.length - query.length <= 12)
      return { id, rank: 1 + form.length - query.length };
    const d = distance(query, form, typo);
    return { id, rank: d <= typo ? 100 + d : Number.POSITIVE_INFINITY };
  }).filter((r) => Number.isFinite(r.rank));
  ranked.sort((a, b) => a.rank - b.rank);
  const out: string[] = [];
  for (const { id } of ranked) {
    if (!out.some((o) => o.toLowerCase() === id.toLowerCase())) out.push(id);
    if (out.length === limit) break;
  }
  return out;
}
