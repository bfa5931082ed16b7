import { booleanInput, integerInput, isBranchName } from "@shoulders/github";
import { createKeySigner, parseSecretKey, ShouldersError, type Signer } from "@shoulders/ledger";

export type RecordInputs = {
  token: string;
  path: string;
  signer: Signer;
  branch?: string;
  attempts: number;
  hashEmails: boolean;
  commitStatus: boolean;
  witnesses: boolean;
};

/** The inputs exactly as the runner passes them: strings, "" when unset. */
export type RawRecordInputs = Record<
  "github-token" | "path" | "signing-key" | "branch" | "attempts" | "hash-emails" | "commit-status" | "witnesses",
  string
>;

export const SECRET_NAME = "SHOULDERS_SIGNING_KEY";

/** Pure: checks every input and parses the key. Messages never quote the key. */
export function parseRecordInputs(raw: RawRecordInputs): RecordInputs {
  if (raw["signing-key"].trim() === "") {
    throw new ShouldersError(
      "KEY_MISSING",
      `the signing-key input is empty: add the repository secret ${SECRET_NAME} (your ledger key file's content) and pass \`signing-key: \${{ secrets.${SECRET_NAME} }}\`. Secrets are not given to workflows triggered from forks.`,
    );
  }
  let signer: Signer;
  try {
    signer = createKeySigner(parseSecretKey(raw["signing-key"]));
  } catch (error) {
    throw new ShouldersError("KEY_INVALID", `the signing-key input (secret ${SECRET_NAME}): ${(error as Error).message}`);
  }
  const branch = raw.branch.trim();
  if (branch !== "" && !isBranchName(branch))
    throw new ShouldersError("BAD_ARGUMENT", `the branch input "${branch.slice(0, 100)}" is not a branch name`);
  return {
    token: raw["github-token"].trim(),
    path: raw.path.trim() === "" ? "." : raw.path.trim(),
    signer,
    ...(branch === "" ? {} : { branch }),
    attempts: integerInput("attempts", raw.attempts === "" ? "3" : raw.attempts, 1, 10),
    hashEmails: booleanInput("hash-emails", raw["hash-emails"] === "" ? "false" : raw["hash-emails"]),
    commitStatus: booleanInput("commit-status", raw["commit-status"] === "" ? "true" : raw["commit-status"]),
    witnesses: booleanInput("witnesses", raw.witnesses === "" ? "true" : raw.witnesses),
  };
}
