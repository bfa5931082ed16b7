import { booleanInput, requiredInput } from "@shoulders/github";

export type LineageCommentInputs = { token: string; path: string; comment: boolean };
export type RawLineageCommentInputs = Record<"github-token" | "path" | "comment", string>;

/** Pure: checks every input. */
export function parseLineageCommentInputs(raw: RawLineageCommentInputs): LineageCommentInputs {
  return {
    token: requiredInput("github-token", raw["github-token"]),
    path: raw.path.trim() === "" ? "." : raw.path.trim(),
    comment: booleanInput("comment", raw.comment === "" ? "true" : raw.comment),
  };
}
