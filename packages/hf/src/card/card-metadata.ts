import { isDeepStrictEqual } from "node:util";
import { ShouldersError } from "@shoulders/ledger";
import { LicenseLink } from "@shoulders/license";
import { isScalar, type Pair, stringify } from "yaml";
import { z } from "zod";
import { detectEol, type Eol } from "./detect-eol.js";
import { parseFrontMatter } from "./parse-front-matter.js";

/**
 * A Hub repo id as huggingface_hub's `validate_repo_id` accepts it: an optional namespace and a name, at most 96
 * characters, no `--` or `..`. The Hub validates `base_model` and `datasets` on push, so an `hf:` prefix, a revision or
 * a URL must never reach these keys; lineage outside the Hub belongs in the attribution block and the sections.
 */
const HubRepoId = z
  .string()
  .max(96)
  .regex(/^(?:\w(?:[\w.-]*\w)?\/)?\w(?:[\w.-]*\w)?$/, "must be a Hub repo id such as org/name")
  .refine((id) => !id.includes("--") && !id.includes(".."), "must be a Hub repo id (no -- or ..)");

/** A license id from the Hub's list (`apache-2.0`, `llama3.1`, `openrail++`), or `other`. */
const HubLicenseId = z.string().regex(/^[a-z0-9][a-z0-9.+_-]*$/, "must be a Hub license id or other");

/** Values we write are single-line, so they serialise as plain or quoted scalars, never as block scalars. */
const OneLine = z
  .string()
  .min(1)
  .regex(/^[^\r\n]*$/, "must be one line");

export const CardMetadataUpdateSchema = z
  .strictObject({
    license: HubLicenseId,
    license_name: OneLine.optional(),
    /** A URL, or a file of the repository such as LICENSE (hub-docs modelcard.md); never a path out of it. */
    license_link: LicenseLink.optional(),
    base_model: z.array(HubRepoId).optional(),
    base_model_relation: z.enum(["finetune", "adapter", "merge", "quantized"]).optional(),
    datasets: z.array(HubRepoId).optional(),
    attribution: z.strictObject({
      origin: OneLine,
      treeSize: z.number().int().positive(),
      rootHash: OneLine,
      entry: z.number().int().nonnegative(),
      artifact: OneLine,
    }),
  })
  .refine((u) => u.license === "other" || (u.license_name === undefined && u.license_link === undefined), {
    message: "license_name and license_link only go with license: other",
  })
  // The Hub shows license_name as a link to license_link: a name alone leads nowhere, a link alone has no label.
  .refine((u) => (u.license_name === undefined) === (u.license_link === undefined), {
    message: "license_name and license_link go together (the Hub shows the name as a link to the license text)",
  })
  .refine((u) => u.attribution.entry < u.attribution.treeSize, { message: "attribution.entry must lie inside the tree" });

/**
 * The keys the card renderer owns. An optional key left undefined is left as the card has it, so a hand-written
 * `datasets` survives a run that knows of no Hub dataset; an empty list removes the key.
 */
export type CardMetadataUpdate = z.infer<typeof CardMetadataUpdateSchema>;

const REMOVE = Symbol("remove");
type Wanted = [key: string, value: unknown];

/**
 * Sets the keys the renderer owns in a card's front matter and returns the new front matter text.
 *
 * The rest is kept byte for byte by editing the source text instead of re-serialising the document (`yaml`'s
 * `toString()` would requote strings, reindent lists and refold long lines everywhere): each owned pair whose value
 * differs is cut out by its source range and replaced by that one pair, serialised on its own; new pairs go at the
 * end. An owned key whose value is already equal is not touched. The result is parsed again and must give exactly the
 * old data with the owned keys changed, or the card is refused rather than written.
 */
export function updateMetadata(
  frontMatter: string | undefined,
  update: CardMetadataUpdate,
  eol: Eol = detectEol(frontMatter ?? ""),
): string {
  const checked = CardMetadataUpdateSchema.safeParse(update);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new ShouldersError("BAD_ARGUMENT", `card metadata ${issue?.path.join(".") || "update"}: ${issue?.message}`);
  }
  const text = frontMatter ?? "";
  const { map, data } = parseFrontMatter(text);
  if (map?.flow) throw cannotUpdate("its front matter is a flow mapping {…}");
  const pairs = topLevelPairs(text, map?.items);

  const edits: { start: number; end: number; replacement: string }[] = [];
  const appended: string[] = [];
  const expected: Record<string, unknown> = { ...data };
  for (const [key, value] of wantedPairs(checked.data)) {
    const pair = pairs.get(key);
    if (value === REMOVE) {
      if (pair) edits.push({ ...pairSpan(text, pair), replacement: "" });
      delete expected[key];
    } else if (pair === undefined || !sameValue(key, data[key], value)) {
      const serialised = stringify({ [key]: value }, { lineWidth: 0, indentSeq: false }).replaceAll("\n", eol);
      if (pair) edits.push({ ...pairSpan(text, pair), replacement: serialised });
      else appended.push(serialised);
      expected[key] = value;
    }
  }
  if (edits.length === 0 && appended.length === 0) return text;

  let result = text;
  for (const { start, end, replacement } of edits.sort((a, b) => b.start - a.start)) {
    result = result.slice(0, start) + replacement + result.slice(end);
  }
  if (appended.length > 0 && result !== "" && !result.endsWith("\n")) result += eol;
  result += appended.join("");

  // The safety net: an anchor inside a replaced value that is aliased elsewhere, or any range we got wrong, shows up
  // here as a parse error or as changed data, and the card is refused instead of being written half-broken.
  let after: unknown;
  try {
    after = parseFrontMatter(result).data;
  } catch (error) {
    throw cannotUpdate("editing its front matter in place breaks it (an anchor inside a replaced value?)", error);
  }
  if (!isDeepStrictEqual(after, expected)) throw cannotUpdate("editing its front matter in place would change keys it does not own");
  return result;
}

/** What each owned key should hold, in the order new keys are appended; REMOVE deletes the key. */
function wantedPairs(update: CardMetadataUpdate): Wanted[] {
  const wanted: Wanted[] = [["license", update.license]];
  // license_name and license_link only mean something next to `other`; left beside a Hub id they would contradict it.
  if (update.license !== "other") wanted.push(["license_name", REMOVE], ["license_link", REMOVE]);
  if (update.license_name !== undefined) wanted.push(["license_name", update.license_name]);
  if (update.license_link !== undefined) wanted.push(["license_link", update.license_link]);
  if (update.base_model !== undefined) {
    // The Hub writes one base model as a string and several as a list.
    const [first, ...more] = update.base_model;
    wanted.push(["base_model", first === undefined ? REMOVE : more.length === 0 ? first : update.base_model]);
    // A relation without a base model is rejected by the Hub.
    if (first === undefined) wanted.push(["base_model_relation", REMOVE]);
  }
  if (update.base_model_relation !== undefined && update.base_model?.length !== 0) {
    wanted.push(["base_model_relation", update.base_model_relation]);
  }
  if (update.datasets !== undefined) wanted.push(["datasets", update.datasets.length === 0 ? REMOVE : update.datasets]);
  wanted.push(["attribution", update.attribution]);
  return wanted;
}

/** `base_model: a` and `base_model: [a]` name the same model, and a list's order carries no meaning on the Hub. */
function sameValue(key: string, existing: unknown, wanted: unknown): boolean {
  if (key !== "base_model" && key !== "datasets") return isDeepStrictEqual(existing, wanted);
  const ids = (value: unknown) =>
    (typeof value === "string" ? [value] : Array.isArray(value) && value.every((id) => typeof id === "string") ? value : undefined)
      ?.slice()
      .sort();
  const before = ids(existing);
  return before !== undefined && isDeepStrictEqual(before, ids(wanted));
}

/** The top-level pairs by key; refuses layouts where cutting a pair out by its source range is not safe. */
function topLevelPairs(text: string, items: Pair<unknown, unknown>[] | undefined): Map<string, Pair<unknown, unknown>> {
  const pairs = new Map<string, Pair<unknown, unknown>>();
  for (const pair of items ?? []) {
    const start = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    // A key that does not start its line (an indented mapping, `? key`, an anchor before the key) would leave us
    // splicing text into the middle of a line.
    if (start === undefined || (start > 0 && text[start - 1] !== "\n")) {
      throw cannotUpdate("its top-level keys must be plain keys at the start of a line");
    }
    if (isScalar(pair.key) && typeof pair.key.value === "string") pairs.set(pair.key.value, pair);
  }
  return pairs;
}

/** The source range of a top-level pair: from its key to the end of its value's last line. */
function pairSpan(text: string, pair: Pair<unknown, unknown>): { start: number; end: number } {
  const key = pair.key as { range: [number, number, number] };
  const value = pair.value as { range?: [number, number, number] } | null;
  const start = key.range[0];
  let end = Math.max(key.range[2], value?.range?.[2] ?? 0);
  if (end > 0 && text[end - 1] !== "\n") {
    const lineEnd = text.indexOf("\n", end);
    end = lineEnd === -1 ? text.length : lineEnd + 1;
  }
  // Comment and blank lines at the end of a value's range usually introduce the next key; leave them in place.
  const lines = text.slice(start, end).split(/(?<=\n)/);
  while (lines.length > 1 && /^[ \t]*(#.*)?\r?\n?$/.test(lines.at(-1) ?? "")) end -= lines.pop()?.length ?? 0;
  return { start, end };
}

function cannotUpdate(reason: string, cause?: unknown): ShouldersError {
  return new ShouldersError("CARD_INVALID", `model card cannot be updated safely: ${reason}`, { cause });
}
