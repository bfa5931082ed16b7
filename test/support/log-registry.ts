import { formatVerifierKey, keyIdOf, parseVerifierKey, publicKeyFromSecret, SignerRegistry } from "@shoulders/ledger";

const ORIGIN = "github.com/acme/sentiment/attribution";
const LOG_SEED = new Uint8Array(32).fill(7);

/**
 * A registry that knows one log key, and the signers of an entry that log key authored: for unit tests that build an
 * AttributionIndex from hand-made entries, which counts a release, a license or a policy only by its author's authority.
 */
export function logSigned(): { registry: SignerRegistry; signers: string[] } {
  const publicKey = publicKeyFromSecret(LOG_SEED);
  const registry = new SignerRegistry({ origin: ORIGIN, verifierKeys: [parseVerifierKey(formatVerifierKey(ORIGIN, publicKey))] });
  return { registry, signers: [keyIdOf(publicKey)] };
}
