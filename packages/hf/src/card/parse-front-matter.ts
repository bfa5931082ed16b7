import { ShouldersError } from "@shoulders/ledger";
import { type Document, isMap, parseDocument, type YAMLError, type YAMLMap } from "yaml";

/**
 * Alias expansions allowed when the YAML is turned into data. A card that reuses an anchor a few times stays far
 * below it; a "billion laughs" card, where each alias expands to several more, passes it after a few levels instead
 * of exhausting memory.
 */
export const MAX_ALIAS_COUNT = 100;

export type ParsedFrontMatter = {
  doc: Document.Parsed;
  /** The top-level mapping, or undefined for an empty front matter (nothing but blank lines and comments). */
  map: YAMLMap<unknown, unknown> | undefined;
  data: Record<string, unknown>;
};

/**
 * Parses a card's front matter as untrusted input: any YAML error or warning (duplicate keys, tabs as indentation,
 * unknown tags, a document that is not a mapping) becomes CARD_INVALID with a one-line message, and so does an alias
 * bomb or nesting deep enough to overflow the stack, instead of an exception from inside `yaml`.
 */
export function parseFrontMatter(text: string): ParsedFrontMatter {
  let doc: Document.Parsed;
  let data: unknown;
  try {
    // logLevel "error": `yaml` would otherwise print process warnings (e.g. for collection keys) to the console.
    doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true, logLevel: "error" });
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) throw yamlProblem(text, problem);
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ShouldersError) throw error;
    throw invalid(`cannot be read (${oneLine(error instanceof Error ? error.message : String(error))})`, error);
  }
  if (doc.contents === null) return { doc, map: undefined, data: {} };
  if (!isMap(doc.contents) || data === null || typeof data !== "object" || Array.isArray(data)) {
    throw invalid("is not a mapping of keys to values");
  }
  return { doc, map: doc.contents, data: data as Record<string, unknown> };
}

function yamlProblem(text: string, problem: YAMLError): ShouldersError {
  const line = text.slice(0, problem.pos[0]).split("\n").length;
  return invalid(`is not valid YAML at its line ${line} (${problem.code}: ${oneLine(problem.message)})`, problem);
}

function oneLine(message: string): string {
  return message.split("\n")[0]?.trim() ?? "";
}

function invalid(reason: string, cause?: unknown): ShouldersError {
  return new ShouldersError("CARD_INVALID", `model card front matter ${reason}`, { cause });
}
