import { booleanInput, choiceInput, integerInput } from "@shoulders/github";
import { parseVerifierKey, SIGNATURE_TYPE_COSIGNATURE_V1, type WitnessRequirement } from "@shoulders/ledger";

export type VerifyInputs = {
  token: string;
  path: string;
  strict: boolean;
  licenseConflicts: "error" | "warning";
  witnesses: WitnessRequirement;
};
export type RawVerifyInputs = Record<"github-token" | "path" | "strict" | "license-conflicts" | "require-witness" | "witness-keys", string>;

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
    witnesses: {
      required: integerInput("require-witness", raw["require-witness"] === "" ? "0" : raw["require-witness"], 0, 32),
      keys: raw["witness-keys"]
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "")
        .map((line) => parseVerifierKey(line, SIGNATURE_TYPE_COSIGNATURE_V1)),
    },
  };
}
