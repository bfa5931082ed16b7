import { booleanInput, choiceInput } from "@shoulders/github";

export type VerifyInputs = { token: string; path: string; strict: boolean; licenseConflicts: "error" | "warning" };
export type RawVerifyInputs = Record<"github-token" | "path" | "strict" | "license-conflicts", string>;

/** Pure: checks every input. */
export function parseVerifyInputs(raw: RawVerifyInputs): VerifyInputs {
  return {
    token: raw["github-token"].trim(),
    path: raw.path.trim() === "" ? "." : raw.path.trim(),
    strict: booleanInput("strict", raw.strict === "" ? "false" : raw.strict),
    licenseConflicts: choiceInput("license-conflicts", raw["license-conflicts"] === "" ? "error" : raw["license-conflicts"], [
      "error",
      "warning",
    ] as const),
  };
}
