import { existsSync } from "node:fs";
import { posix, relative, sep } from "node:path";
import { type Verdict, type VerdictFinding, verifyAttribution } from "@shoulders/attribution";
import { equalBytes, layoutOf, readTrustBytes, type WitnessRequirement } from "@shoulders/ledger";
import { type Annotation, findingAnnotation } from "./annotation.js";
import { showFile } from "./git-files.js";
import { emptySnapshot, type LineageSnapshot, lineageSnapshot } from "./lineage-snapshot.js";

export type VerifyRepositoryInput = {
  /** The top of the git work tree. */
  repoDir: string;
  /** The folder that holds `.attribution/`, inside repoDir. */
  ledgerDir: string;
  /** On a pull request: the base commit, whose trust.json and checkpoint are pinned. */
  base?: { revision: string; name: string };
  strict?: boolean;
  /** Whether an unaccepted license conflict fails the check (default) or only warns. */
  licenseConflicts?: "error" | "warning";
  /** Witness cosignatures the checkpoint must carry (verify --require-witness). */
  witnesses?: WitnessRequirement;
};

export type VerifyRepositoryOutcome = {
  valid: boolean;
  hasLedger: boolean;
  /** Entries committed by the checkpoint (0 without a ledger). */
  treeSize: number;
  rootHash?: string;
  /** Whether the base branch's root and checkpoint were pinned. */
  pinned: boolean;
  annotations: Annotation[];
  snapshot: LineageSnapshot;
  verdict?: Verdict;
};

const RAW_LINES =
  "Lines past the checkpoint are never signed by the log writer: add statements as .attribution/pending/ files (shoulders record … with your own key), or restore .attribution/log from the base branch";

/**
 * Verifies a repository's ledger the way CI must. On a pull request the base branch's trust.json and checkpoint are
 * read from git and pinned, so the head can add entries and pending files but never rewrite history (a consistency
 * proof from the base checkpoint) nor swap the root (its trust.json must be the base's, byte for byte). A repository
 * or base with no ledger yet passes with a notice: the first ledger has nothing to extend. Everything else is the one
 * verdict every entry point gives (verifyAttribution): the log, the predicates, receipts, licenses and pending files.
 */
export function verifyRepository(input: VerifyRepositoryInput): VerifyRepositoryOutcome {
  const prefix = relative(input.repoDir, input.ledgerDir).split(sep).join("/");
  const attribution = posix.join(prefix, ".attribution");
  const layout = layoutOf(input.ledgerDir);
  const annotations: Annotation[] = [];
  const outcome: VerifyRepositoryOutcome = {
    valid: false,
    hasLedger: existsSync(layout.trust),
    treeSize: 0,
    pinned: false,
    annotations,
    snapshot: emptySnapshot(),
  };

  const baseTrust = input.base === undefined ? undefined : showFile(input.repoDir, input.base.revision, `${attribution}/trust.json`);
  const baseCheckpoint = input.base === undefined ? undefined : showFile(input.repoDir, input.base.revision, `${attribution}/checkpoint`);

  if (!outcome.hasLedger) {
    if (baseTrust !== undefined) {
      annotations.push({
        level: "error",
        code: "TRUST_MISSING",
        message: `${attribution}/trust.json is gone, but the base branch ${input.base?.name} has a ledger: a pull request may not delete it`,
      });
    } else {
      annotations.push({
        level: "notice",
        message: `No ledger here yet (${attribution}/ does not exist): nothing to verify. Create one with \`shoulders init\`.`,
      });
      outcome.valid = true;
    }
    return outcome;
  }

  if (input.base !== undefined && baseTrust === undefined) {
    annotations.push({
      level: "notice",
      message: `The base branch ${input.base.name} has no ledger yet: the first ledger has nothing to extend, so it is verified on its own.`,
    });
  }
  if (baseTrust !== undefined) {
    outcome.pinned = true;
    if (!equalBytes(baseTrust, readTrustBytes(layout))) {
      annotations.push({
        level: "error",
        code: "TRUST_INVALID",
        file: `${attribution}/trust.json`,
        message: `this change rewrites ${attribution}/trust.json, the root of trust; it is pinned to the base branch ${input.base?.name}'s. Change the root only on the default branch (shoulders trust rotate).`,
      });
    }
    if (baseCheckpoint === undefined)
      annotations.push({
        level: "warning",
        message: `the base branch ${input.base?.name} has trust.json but no checkpoint; only the root is pinned`,
      });
  }

  const verdict = verifyAttribution({
    dir: input.ledgerDir,
    strict: input.strict === true,
    // The base checkpoint proves only that nothing was rewritten: CI checks every signature on every run.
    checkAllSignatures: true,
    ...(input.licenseConflicts === undefined ? {} : { licenseConflicts: input.licenseConflicts }),
    ...(baseTrust === undefined ? {} : { trust: baseTrust }),
    ...(baseTrust === undefined || baseCheckpoint === undefined ? {} : { trustedCheckpoint: baseCheckpoint }),
    ...(input.witnesses === undefined ? {} : { witnesses: input.witnesses }),
  });
  outcome.verdict = verdict;
  outcome.treeSize = verdict.treeSize;
  if (verdict.rootHash !== undefined) outcome.rootHash = verdict.rootHash;
  const annotate = (level: "error" | "warning", finding: VerdictFinding) =>
    annotations.push(
      finding.path === undefined
        ? findingAnnotation(level, finding, prefix)
        : { level, code: finding.code, message: finding.message, file: `${attribution}/${finding.path}` },
    );
  for (const finding of verdict.errors) annotate("error", finding);
  for (const finding of verdict.warnings) {
    // Committed lines past the checkpoint were written by no log writer (it signs a checkpoint over every line it
    // writes, and refuses to cover anyone else's): a change that adds raw lines instead of pending files fails.
    if (finding.code === "UNCOMMITTED_TAIL") annotate("error", { ...finding, message: `${finding.message}. ${RAW_LINES}` });
    else annotate("warning", finding);
  }
  if (verdict.index !== undefined) {
    outcome.snapshot = lineageSnapshot(verdict.index, { origin: verdict.origin ?? "", treeSize: verdict.treeSize });
    for (const problem of outcome.snapshot.problems) annotations.push({ level: "warning", message: problem });
  }
  outcome.valid = !annotations.some((annotation) => annotation.level === "error");
  return outcome;
}
