import { parseIdentity, ShouldersError } from "@shoulders/ledger";
import type { AttributionIndex } from "../attribution-index.js";
import { queryGit } from "../git/index.js";
import { identitiesOf } from "../identity/index.js";

export type RunTrainerInput = {
  /** The trainer the caller names, if any. */
  trainer?: string;
  index: AttributionIndex;
  /** The key that signs the run. */
  keyid: string;
  /** Where git's user.email is read, the last resort: the ledger's folder. */
  dir: string;
};

/**
 * Who trained, and so who is credited for the run: the trainer given, else the identity the log declares for the
 * signing key, else git's user.email. A log key speaks for the ledger, not a person, so it names no trainer. A guess
 * nothing backs is refused rather than credited.
 */
export function runTrainer(input: RunTrainerInput): string {
  const candidate = input.trainer ?? declaredIdentity(input.index, input.keyid) ?? gitUserIdentity(input.dir);
  if (candidate === undefined) {
    throw new ShouldersError("USAGE", "pass `trainer` (e.g. github:tomo): your key has no identity in the log and git has no user.email");
  }
  return parseIdentity(candidate, "`trainer`");
}

function declaredIdentity(index: AttributionIndex, keyid: string): string | undefined {
  const identity = index.signerIdentity(keyid);
  return identity === "log" ? undefined : identity;
}

function gitUserIdentity(dir: string): string | undefined {
  const email = queryGit(dir, ["config", "user.email"])?.trim();
  if (!email) return undefined;
  const name = queryGit(dir, ["config", "user.name"])?.trim() ?? "";
  return identitiesOf({ name, email })[0];
}
