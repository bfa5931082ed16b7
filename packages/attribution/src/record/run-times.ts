import { ShouldersError } from "@shoulders/ledger";

const TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/**
 * When a run started and finished, as SLSA Provenance v1 `runDetails.metadata` holds them (RFC 3339, UTC): each given
 * time read strictly (a day, or a time with its offset; never a local time that means something else on another
 * machine), the finish defaulting to `now` and the start to the finish.
 */
export function runTimes(input: { startedOn?: string; finishedOn?: string }, now: Date): { startedOn: string; finishedOn: string } {
  const finishedOn = timestamp(input.finishedOn, "`finishedOn`") ?? now.toISOString().replace(/\.\d+Z$/, "Z");
  const startedOn = timestamp(input.startedOn, "`startedOn`") ?? finishedOn;
  return { startedOn, finishedOn };
}

function timestamp(text: string | undefined, what: string): string | undefined {
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  if (!TIME.test(text) || Number.isNaN(time)) {
    throw new ShouldersError("BAD_ARGUMENT", `${what} must be a date or time such as 2026-11-03 or 2026-11-03T10:00:00Z, not "${text}"`);
  }
  return new Date(time).toISOString().replace(/\.000Z$/, "Z");
}
