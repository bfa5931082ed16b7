/**
 * The party that receives what no contributor can claim (entries signed only by a log key, records credited to
 * nobody): the repository behind the ledger, as ci:OWNER/REPO when the origin is a GitHub one.
 */
export function ownerParty(origin: string): string {
  const match = /^github\.com\/([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)(?:\/|$)/.exec(origin);
  return match === null ? `owner:${origin}` : `ci:${match[1]?.toLowerCase()}/${match[2]?.toLowerCase()}`;
}
