import type { AttributionIndex } from "../attribution-index.js";
import { plural } from "../lineage/build-lineage.js";
import { isCodeCommit, MAX_CO_AUTHORS, type SplitPolicy } from "../predicates/index.js";
import type { Branch } from "./split-graph.js";

/** What the code authors need from the split: the index, and the party an identity pays (linked identities as one). */
export type CodeAuthorsContext = { index: AttributionIndex; party: (identity: string) => string };

/**
 * One commit's credit, in integer units that every share of it divides exactly: a commit has its author and at most
 * MAX_CO_AUTHORS co-authors, and lcm(1..17) = 12,252,240 is divisible by every head count from 1 to 17. So
 * 1/(n+1) of a commit is an exact integer, and money stays exact and the same on every machine.
 */
export const COMMIT_UNIT = lcmUpTo(MAX_CO_AUTHORS + 1);

type Tally = { commits: bigint; lines: bigint };

/**
 * The authors of the run's code revision, by declared weight, or by their share of the commits (or of the changed
 * lines) up to it. One branch per party; all-zero weights are the caller's to even out.
 */
export function codeAuthors(
  context: CodeAuthorsContext,
  dependencies: readonly { name?: string | undefined; digest?: Record<string, string> | undefined }[],
  policy: SplitPolicy,
): Branch[] {
  const { party } = context;
  const sha = dependencies.find((dependency) => dependency.name === "code")?.digest?.gitCommit;
  if (sha === undefined) return [];
  const declared = policy.own.codeWeighting === "declared" ? Object.entries(policy.own.declared ?? {}) : [];
  if (declared.length > 0) {
    // Linked identities are one party: their declared weights add up.
    const weights = new Map<string, bigint>();
    for (const [identity, weight] of declared) weights.set(party(identity), (weights.get(party(identity)) ?? 0n) + BigInt(weight));
    return [...weights].map(([who, weight]) => ({
      key: who,
      label: `${who}: declared weight ${weight}`,
      weight,
      target: { party: who },
    }));
  }
  const byLines = policy.own.codeWeighting === "lines";
  return [...tallyAuthors(context, sha)].map(([who, tally]) => ({
    key: who,
    label: byLines ? `${who}: ${units(tally.lines, "changed line")}` : `${who}: ${units(tally.commits, "commit")}`,
    weight: byLines ? tally.lines : tally.commits,
    target: { party: who },
  }));
}

/**
 * Each party's share of the code commits up to `sha` (its ancestors in git, as recorded), in COMMIT_UNITs. A commit is
 * one unit shared evenly by its author and its distinct co-authors (at most MAX_CO_AUTHORS, in trailer order), so
 * invented trailers dilute only the commit they sit on; by lines, its changed lines are shared the same way. The
 * ledger's own commits and data-only commits are no one's code.
 */
function tallyAuthors(context: CodeAuthorsContext, sha: string): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const { commit } of context.index.ancestorCommits(sha)) {
    if (!isCodeCommit(commit)) continue;
    const author = context.party(preferred(commit.author.identities));
    const people = new Set([author]);
    for (const person of commit.coAuthors) {
      if (people.size > MAX_CO_AUTHORS) break;
      people.add(context.party(preferred(person.identities)));
    }
    const share = COMMIT_UNIT / BigInt(people.size);
    const lines = BigInt(commit.stats.insertions + commit.stats.deletions);
    for (const who of people) {
      const tally = tallies.get(who) ?? { commits: 0n, lines: 0n };
      tally.commits += share;
      tally.lines += lines * share;
      tallies.set(who, tally);
    }
  }
  return tallies;
}

/** A count in COMMIT_UNITs as people read it: "3 commits", or "1.06 commits" (to two decimals) for a shared one. */
function units(amount: bigint, noun: string): string {
  if (amount % COMMIT_UNIT === 0n) return plural(Number(amount / COMMIT_UNIT), noun);
  const hundredths = (amount * 100n + COMMIT_UNIT / 2n) / COMMIT_UNIT;
  return `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, "0")} ${noun}s`;
}

/** GitHub logins read better than numeric ids; a noreply address gives both for one person. */
function preferred(identities: readonly string[]): string {
  return identities.find((identity) => identity.startsWith("github:")) ?? (identities[0] as string);
}

function lcmUpTo(n: number): bigint {
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
  let lcm = 1n;
  for (let k = 2n; k <= BigInt(n); k++) lcm = (lcm * k) / gcd(lcm, k);
  return lcm;
}
