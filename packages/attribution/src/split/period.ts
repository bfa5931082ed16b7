import { ShouldersError } from "@shoulders/ledger";
import type { Period } from "./receipts.js";

/** Parses START/END, two calendar days, both included, e.g. 2026-11-01/2026-11-30. */
export function parsePeriod(text: string): Period {
  const match = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (match === null) throw new ShouldersError("BAD_ARGUMENT", `\`period\` "${text}" must be START/END days, e.g. 2026-11-01/2026-11-30`);
  const [start, end] = [parseDay(match[1] as string, "period"), parseDay(match[2] as string, "period")];
  if (start > end) throw new ShouldersError("BAD_ARGUMENT", `\`period\` ${text} ends before it starts`);
  return { start, end };
}

/** Checks that YYYY-MM-DD names a real calendar day (no 2026-02-30), as the field `name`. */
export function parseDay(day: string, name: string): string {
  const parsed = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day)
    throw new ShouldersError("BAD_ARGUMENT", `\`${name}\`: ${day} is not a calendar day`);
  return day;
}
