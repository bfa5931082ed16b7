import { normaliseIdentity, ShouldersError } from "@shoulders/ledger";
import type { AttributionIndex } from "../attribution-index.js";
import { partyNames } from "../identity/party-names.js";

export type UsageReporterInput = {
  index: AttributionIndex;
  /** The key that signs the receipt. */
  keyid: string;
  /** The ledger's owner party (ownerParty), which a log key reports for. */
  owner: string;
  /** The reporter the caller expects, checked against the key, never taken from it. */
  claimed?: string;
};

/**
 * The reporter of a usage receipt is the signing key's identity: the owner for a log key, else the party of the
 * identity the log declared for the key, which needs the usage role. Revenue drives payouts, so who reported it is
 * never something the reporter merely says: a claim that differs from the key's identity is refused.
 */
export function usageReporter(input: UsageReporterInput): string {
  input.index.registry?.assertNotRevoked(input.keyid);
  const key = input.index.registry?.get(input.keyid);
  let reporter: string;
  if (key?.isLogKey) reporter = input.owner;
  else if (key === undefined) {
    throw new ShouldersError(
      "UNAUTHORISED_SIGNER",
      "your key is not declared in this ledger; ask its owner to run `shoulders trust add --public-key … --identity … --role usage`",
    );
  } else if (!key.roles.includes("usage")) {
    throw new ShouldersError(
      "UNAUTHORISED_SIGNER",
      `your key (${key.identity}) lacks the usage role; ask the owner to add a key with it (\`shoulders trust add … --role usage\`)`,
    );
  } else reporter = partyNames(input.index)(key.identity);
  if (input.claimed !== undefined && normaliseIdentity(input.claimed) !== reporter) {
    throw new ShouldersError(
      "BAD_ARGUMENT",
      `\`reporter\` ${input.claimed}: your key speaks for ${reporter}; the reporter is the key's identity, not a choice`,
    );
  }
  return reporter;
}
