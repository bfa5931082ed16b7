import { join } from "node:path";
import {
  type CappedCommit,
  commitStatements,
  type GitDatasetVersion,
  gitDatasetVersions,
  headCommit,
  nonCodePaths,
  openAttributionLedger,
  predicateValidators,
  readAttribution,
  readCommits,
  remoteUrlOf,
} from "@shoulders/attribution";
import {
  type Finding,
  type IntegrateResult,
  layoutOf,
  readCheckpoint,
  readTrust,
  ShouldersError,
  type Signer,
  type Statement,
  toBase64,
  verifyLedger,
  writerLogKey,
} from "@shoulders/ledger";
import { showFile } from "./git-files.js";
import { datasetConfigOf, ledgerPrefix } from "./ledger-paths.js";
import type { PushRange } from "./push-range.js";

/** The author of the ledger commits the record action pushes: the Actions bot's own noreply address. */
export const BOT_NAME = "shoulders-bot";
export const BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com";

export type RecordPushInput = {
  /** The top of the git work tree, checked out at the pushed commit. */
  repoDir: string;
  /** The folder that holds `.attribution/`. */
  ledgerDir: string;
  signer: Signer;
  range: PushRange;
  /** Author e-mail → GitHub login for the pushed commits (loginsFromPush). */
  logins?: ReadonlyMap<string, string>;
  hashEmails?: boolean;
};

export type RecordPushResult = {
  integrated: IntegrateResult["integrated"];
  rejected: IntegrateResult["rejected"];
  commits: number;
  ledgerOnly: number;
  dataOnly: number;
  /** Commits whose trailers were over the record's limits: the extra ones were dropped. */
  capped: CappedCommit[];
  datasets: GitDatasetVersion[];
  /** Entries this run added: integrated pending files, commit and dataset statements. */
  entries: number;
  treeSize: number;
  rootHash: string;
  /** The size of the previous head's checkpoint that the log was proven to extend. */
  extends?: number;
};

/** A ledger that does not verify: recording refuses to sign on top of it, and the caller annotates each finding. */
export class InvalidLedgerError extends ShouldersError {
  readonly findings: Finding[];
  constructor(findings: Finding[]) {
    const first = findings[0] as Finding;
    super(
      first.code === "COMPROMISED" || first.code === "UNRECOGNISED_PREDICATE" ? "INTERNAL" : first.code,
      `the ledger does not verify, so nothing was recorded: ${first.message}${findings.length > 1 ? ` (and ${findings.length - 1} more problems)` : ""}`,
    );
    this.findings = findings;
  }
}

/**
 * What the record action does for one push, in the working tree: verify the ledger (and that it extends the one the
 * branch held before the push, so a push that rewrote history is refused), integrate pending statements (the log
 * key countersigns them: merging was the maintainers' approval), record the pushed commits and a new version of
 * every declared dataset folder that changed, and sign a new checkpoint. Idempotent: run twice on the same tree, the
 * second run records nothing (commits dedupe by id, datasets by manifest, integrated pending files are gone).
 */
export async function recordPush(input: RecordPushInput): Promise<RecordPushResult> {
  const layout = layoutOf(input.ledgerDir);
  const prefix = ledgerPrefix(input.repoDir, input.ledgerDir);
  const trust = readTrust(layout);
  // Before anything is read or written: a rotated-out key must never sign past its rotation (that would make the ledger
  // invalid for everyone, and a witness could cosign it), and a key that is not a log key cannot record at all.
  writerLogKey(trust, input.signer.publicKey);
  const previous =
    input.range.before === undefined
      ? undefined
      : showFile(input.repoDir, input.range.before, `${prefix ? `${prefix}/` : ""}.attribution/checkpoint`);
  // Every signature is checked: the previous head's checkpoint only proves that the push rewrote nothing.
  const verified = verifyLedger({
    dir: input.ledgerDir,
    predicates: predicateValidators(),
    checkAllSignatures: true,
    ...(previous === undefined ? {} : { trustedCheckpoint: previous }),
  });
  if (!verified.valid) throw new InvalidLedgerError(verified.errors);

  const ledger = openAttributionLedger(input.ledgerDir);
  // Only what a key the log knows signed: a merge is not a maintainer's approval of an unknown key's file, and one
  // approved by digest is integrated by the maintainer (shoulders integrate --approve). The rest stays pending.
  const integrated = await ledger.integrate(input.signer);
  const index = readAttribution({ dir: input.ledgerDir }).index;
  // Every commit up to the pushed one that the ledger lacks, not only the push's range: the previous run's own ledger
  // commit sits below `before`, and a child recorded without it would cut its authors' ancestry off there.
  const built = await commitStatements({
    repoDir: input.repoDir,
    upTo: input.range.after,
    origin: trust.origin,
    recorded: new Set(index.commits.keys()),
    paths: nonCodePaths(input.repoDir, input.ledgerDir),
    ...(input.logins === undefined ? {} : { logins: input.logins }),
    ...(input.hashEmails === undefined ? {} : { hashEmails: input.hashEmails }),
  });
  const head = headCommit(input.repoDir);
  if (head === undefined) throw new ShouldersError("GIT_ERROR", "the checkout has no commit");
  const datasets = await gitDatasetVersions({
    repoDir: input.repoDir,
    head,
    ...(input.range.base === undefined ? {} : { fallbackBase: input.range.base }),
    repository: remoteUrlOf(input.repoDir) ?? trust.origin,
    config: datasetConfigOf(input.ledgerDir, prefix),
    index,
    ...(input.logins === undefined ? {} : { logins: input.logins }),
    ...(input.hashEmails === undefined ? {} : { hashEmails: input.hashEmails }),
    cachePath: join(layout.stateDir, "hash-cache.json"),
  });
  const statements: Statement[] = [...built.statements];
  for (const dataset of datasets) if (dataset.kind === "new") statements.push(dataset.outcome.statement);
  if (statements.length > 0) await ledger.append(statements, input.signer);
  const checkpoint = readCheckpoint(layout, trust);
  return {
    integrated: integrated.integrated,
    rejected: integrated.rejected,
    commits: built.commits,
    ledgerOnly: built.ledgerOnly,
    dataOnly: built.dataOnly,
    capped: built.capped,
    datasets,
    entries: integrated.integrated.length + statements.length,
    treeSize: checkpoint.size,
    rootHash: toBase64(checkpoint.rootHash),
    ...(previous === undefined ? {} : { extends: verified.extends?.size ?? 0 }),
  };
}

/**
 * Whether a push holds nothing but the ledger's own bookkeeping (the record action's commits, when a token other
 * than GITHUB_TOKEN pushed them and so triggered another run): recording them would add an entry, push, trigger,
 * and never stop.
 */
export async function onlyOwnLedgerCommits(repoDir: string, range: PushRange): Promise<boolean> {
  if (range.kind === "first" || range.base === undefined) return false;
  let seen = 0;
  for await (const commit of readCommits(repoDir, { range: range.revisions })) {
    const own =
      commit.author.email.toLowerCase() === BOT_EMAIL &&
      commit.paths.length > 0 &&
      commit.paths.every((path) => path === ".attribution" || path.startsWith(".attribution/") || path.includes("/.attribution/"));
    if (!own || ++seen > 100) return false;
  }
  return seen > 0;
}
