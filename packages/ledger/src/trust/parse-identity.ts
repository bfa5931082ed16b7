import { ShouldersError } from "../errors.js";
import { isIdentity, normaliseIdentity } from "./identity.js";

/**
 * An identity a person typed (a signer to declare, parties to link, a trainer to credit), as the log stores it:
 * normalised (`github:Alice` is `github:alice`), or BAD_ARGUMENT naming `what`. Credit never goes to a name no
 * verifier would accept (docs/format.md, "Signers").
 */
export function parseIdentity(text: string, what: string): string {
  const identity = normaliseIdentity(text);
  if (!isIdentity(identity)) {
    throw new ShouldersError(
      "BAD_ARGUMENT",
      `${what} "${text}" is not an identity such as github:alice, hf:alice or email:alice@example.org`,
    );
  }
  return identity;
}
